using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.Configuration;

/// <summary>KPL9004: the KouplelessModuleHost property has a value the analyzers do not know; they treat it as not set.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModuleHostConfigurationAnalyzer : UnknownPropertyValueAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.UnknownModuleHost,
        title: "KouplelessModuleHost has an unknown value",
        messageFormat: "KouplelessModuleHost '{0}' is not Own or Base; the analyzers ignore it and look for a host the project builds itself: set Own or Base, or remove it",
        DiagnosticCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The MSBuild property KouplelessModuleHost says whose host a module runs under: Own (the module builds and stops a host "
            + "of its own) or Base (the base hands its host's lifetime and configuration to the module).",
        WellKnownDiagnosticTags.CompilationEnd);

    public ModuleHostConfigurationAnalyzer()
        : base(Rule)
    {
    }

    protected override string? UnknownValue(AnalyzerOptions options)
    {
        ModuleHostReader.Read(options, out var unknownValue);
        return unknownValue;
    }
}
