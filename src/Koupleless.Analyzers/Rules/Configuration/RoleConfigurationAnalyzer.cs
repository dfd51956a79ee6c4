using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.Configuration;

/// <summary>KPL9002: the KouplelessRole property has a value the analyzers do not know; they fall back to Module.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RoleConfigurationAnalyzer : UnknownPropertyValueAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.UnknownRole,
        title: "KouplelessRole has an unknown value",
        messageFormat: "KouplelessRole '{0}' is not one of Module, Shared or Base; the analyzers treat this project as a Module",
        DiagnosticCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The MSBuild property KouplelessRole tells the analyzers where the project's code runs. "
            + "Set it to Module (the default), Shared or Base.",
        WellKnownDiagnosticTags.CompilationEnd);

    public RoleConfigurationAnalyzer()
        : base(Rule)
    {
    }

    protected override string? UnknownValue(AnalyzerOptions options)
    {
        RoleReader.Read(options, out var unknownValue);
        return unknownValue;
    }
}
