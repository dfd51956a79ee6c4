using System.Collections.Immutable;
using Koupleless.Analyzers.Adapters;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.Configuration;

/// <summary>
/// KPL9001: a line of an enterprise catalog file (KouplelessHazards*.txt) or adapter table (KouplelessAdapters*.txt)
/// that cannot be read. The other lines still apply.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatalogFileAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.MalformedCatalogLine,
        title: "Hazard catalog line is malformed",
        messageFormat: "{0}({1}): catalog line ignored: {2}",
        DiagnosticCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A line of a KouplelessHazards*.txt catalog file does not follow 'RULE-ID | SYMBOL-ID | reason [| adapter hint]'. "
            + "The same for a line of a KouplelessAdapters*.txt adapter table that does not follow 'PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]'. "
            + "The line is ignored; every other line of the file still applies. See docs/catalog.md and docs/packages.md.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var errors = CatalogFiles.ParseAdditionalFile(context.AdditionalFile, context.Options.AnalyzerConfigOptionsProvider, context.CancellationToken)?.Errors
            ?? AdapterTables.Parse(context.AdditionalFile, context.CancellationToken)?.Errors
            ?? ImmutableArray<CatalogError>.Empty;
        foreach (var error in errors)
        {
            var location = Location.Create(error.Source, error.Span, error.LineSpan);
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, error.Source, error.Line, error.Message));
        }
    }
}
