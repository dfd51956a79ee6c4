using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.Configuration;

/// <summary>
/// Reports, once per project and without a source location, an MSBuild property the analyzers read whose value they do
/// not know (KPL9002 for KouplelessRole, KPL9004 for KouplelessModuleHost): the analyzers fall back to a default and
/// say so, instead of silently applying one nobody chose.
/// </summary>
public abstract class UnknownPropertyValueAnalyzer : DiagnosticAnalyzer
{
    private readonly DiagnosticDescriptor _rule;

    protected UnknownPropertyValueAnalyzer(DiagnosticDescriptor rule)
    {
        _rule = rule;
        SupportedDiagnostics = ImmutableArray.Create(rule);
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <summary>The property's value when the analyzers do not know it; null when it is known or unset.</summary>
    protected abstract string? UnknownValue(AnalyzerOptions options);

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(compilation =>
        {
            if (UnknownValue(compilation.Options) is { } value)
            {
                compilation.ReportDiagnostic(Diagnostic.Create(_rule, Location.None, value));
            }
        });
    }
}
