using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Tests.Robustness;

/// <summary>
/// Every analyzer of the package, found by reflection (a new analyzer is covered without touching the tests), run
/// together over one source in one role, the way the IDE runs them, with every analyzer exception captured.
/// </summary>
public static class AllAnalyzers
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Instances = typeof(CatalogHazardAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly string[] Roles = { "Module", "Shared", "Base" };

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    /// <summary>.NET 8 and the packages the corpus uses (Newtonsoft.Json for KPL1005/KPL2006/KPL3010, Extensions for KPL3005).</summary>
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> References = new(async () =>
    {
        var resolved = await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        return resolved
            .AddRange(TestReferences.FromNuGetCache(TestReferences.NewtonsoftJson))
            .AddRange(new[] { TestReferences.ExtensionsPrimitives8, TestReferences.HostingAbstractions8, TestReferences.SystemEvents9 });
    });

    /// <summary>A library, or a program when the source has top-level statements (a library may not).</summary>
    public static async Task<Compilation> CompileAsync(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "/Corpus.cs");
        var hasTopLevelStatements = tree.GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
        return CSharpCompilation.Create(
            "Corpus",
            new[] { tree },
            await References.Value,
            CompilationOptions.WithOutputKind(hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>The analyzer diagnostics of every analyzer, and every exception an analyzer threw (instead of crashing, Roslyn reports AD0001).</summary>
    public static Task<AnalysisRun> RunAsync(Compilation compilation, string role) => RunAsync(compilation, role, Instances, ImmutableArray<AdditionalText>.Empty);

    public static async Task<AnalysisRun> RunAsync(Compilation compilation, string role, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<AdditionalText> additionalFiles)
    {
        var exceptions = new ConcurrentQueue<AnalyzerFailure>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles, new RoleOptionsProvider(role)),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue(new AnalyzerFailure(analyzer.GetType().Name, exception)),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return new AnalysisRun(diagnostics, exceptions.ToArray());
    }

    /// <summary>An AdditionalFiles item (an enterprise catalog) held in memory.</summary>
    public sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    public sealed record AnalyzerFailure(string Analyzer, Exception Exception);

    public sealed record AnalysisRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<AnalyzerFailure> Exceptions)
    {
        /// <summary>AD0001 and its relatives (AD0002...) are the host's reports of a failing analyzer.</summary>
        public IEnumerable<Diagnostic> HostFailures => Diagnostics.Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal));
    }

    /// <summary>The role as the package's props surface it: <c>build_property.KouplelessRole</c> in the global options.</summary>
    private sealed class RoleOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new DictionaryOptions(ImmutableDictionary<string, string>.Empty);

        public RoleOptionsProvider(string role)
            => GlobalOptions = new DictionaryOptions(ImmutableDictionary<string, string>.Empty.Add("build_property.KouplelessRole", role));

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public DictionaryOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
