using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Benchmarks;

/// <summary>The two analyzer configurations compared, each with the options it needs.</summary>
public static class AnalyzerSets
{
    /// <summary>Every analyzer of the Koupleless.Analyzers assembly, with the embedded catalog (no extra files).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Koupleless()
        => InstantiateAnalyzers(typeof(CatalogFiles).Assembly);

    /// <summary>BannedApiAnalyzers (RS0030) with a BannedSymbols.txt listing the same documentation IDs as the embedded catalog.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> BannedApi()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "BannedApiAnalyzers");
        // The language-neutral assembly first: the C# one depends on it.
        Assembly.LoadFrom(Path.Combine(directory, "Microsoft.CodeAnalysis.BannedApiAnalyzers.dll"));
        return InstantiateAnalyzers(Assembly.LoadFrom(Path.Combine(directory, "Microsoft.CodeAnalysis.CSharp.BannedApiAnalyzers.dll")));
    }

    public static AnalyzerOptions NoFiles { get; } = new(ImmutableArray<AdditionalText>.Empty);

    /// <summary>The code base analysed as a shared library (KouplelessRole=Shared): the flow rules KPL1001/KPL1002 run too.</summary>
    public static AnalyzerOptions SharedRole { get; } = new(ImmutableArray<AdditionalText>.Empty, new RoleOptionsProvider("Shared"));

    public static AnalyzerOptions BannedSymbolsFile { get; } = new(ImmutableArray.Create<AdditionalText>(
        new InMemoryAdditionalText("BannedSymbols.txt", BannedSymbolsFromCatalog())));

    /// <summary>One "DOC-ID;reason" line per catalog entry, which is BannedApiAnalyzers' file format.</summary>
    public static string BannedSymbolsFromCatalog()
    {
        var text = new StringBuilder();
        foreach (var entry in CatalogFiles.Embedded.SelectMany(c => c.Entries).GroupBy(e => e.SymbolId).Select(g => g.First()))
        {
            text.Append(entry.SymbolId).Append(';').Append(entry.RuleId).Append(' ').Append(entry.Reason.Replace(';', ',')).Append('\n');
        }

        return text.ToString();
    }

    public static int CatalogEntryCount => CatalogFiles.Embedded.SelectMany(c => c.Entries).Select(e => e.SymbolId).Distinct().Count();

    private static ImmutableArray<DiagnosticAnalyzer> InstantiateAnalyzers(Assembly assembly)
        => assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private sealed class RoleOptionsProvider(string role) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new RoleOptions(role);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => RoleOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => RoleOptions.Empty;
    }

    private sealed class RoleOptions(string? role) : AnalyzerConfigOptions
    {
        public static readonly RoleOptions Empty = new(null);

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = key == "build_property.KouplelessRole" ? role : null;
            return value is not null;
        }
    }

    private sealed class InMemoryAdditionalText(string path, string content) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
