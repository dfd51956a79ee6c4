using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Koupleless.Analyzers.Tests.Robustness;

/// <summary>
/// No analyzer may throw (AD0001 in the IDE) on any input, half-typed code included: every analyzer of the package,
/// in every role, over the corpus cut off at token boundaries and with single tokens deleted.
/// </summary>
public sealed class AnalyzerRobustnessTests
{
    /// <summary>
    /// Every 4th prefix and every 8th single-token deletion, each in all three roles (about 700 mutations, 2,100
    /// analyses), keep the test near a minute on two busy cores. Every prefix and every deletion of each corpus file
    /// (11,800 analyses) and a sampled sweep over the rule tests' own sources (14,800) threw nowhere either;
    /// neighbouring cut-off points differ by one token.
    /// </summary>
    private const int PrefixStep = 4;
    private const int DeletionStep = 8;

    public static TheoryData<string> CorpusNames() => new(RobustnessCorpus.All.Keys);

    [Fact]
    public async Task The_unmutated_corpus_compiles_and_makes_every_rule_report()
    {
        var reported = new HashSet<string>();
        var problems = new StringBuilder();
        foreach (var (name, source) in RobustnessCorpus.All)
        {
            var compilation = await AllAnalyzers.CompileAsync(source);
            foreach (var error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                problems.AppendLine($"{name}: {error}");
            }

            foreach (var role in AllAnalyzers.Roles)
            {
                var run = await AllAnalyzers.RunAsync(compilation, role);
                Describe(problems, run, name, role, "unmutated");
                reported.UnionWith(run.Diagnostics.Select(d => d.Id));
            }
        }

        // Every hazard rule, so that a new rule without corpus code fails here instead of passing the mutations vacuously.
        var hazardRules = AllAnalyzers.Instances.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id)
            .Where(id => !id.StartsWith("KPL9", StringComparison.Ordinal)).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(hazardRules);
        foreach (var missing in hazardRules.Where(id => !reported.Contains(id)))
        {
            problems.AppendLine($"{missing} is reported by no corpus file in any role");
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task No_analyzer_throws_on_half_typed_code(string corpus)
    {
        var source = RobustnessCorpus.All[corpus];
        var mutations = SourceMutations.PrefixCuts(source, PrefixStep, offset: 0)
            .Concat(SourceMutations.TokenDeletions(source, DeletionStep, offset: 1))
            .ToList();
        Assert.True(mutations.Count > 100, $"only {mutations.Count} mutations of {corpus}");

        var problems = new StringBuilder();
        foreach (var mutation in mutations)
        {
            // One compilation for the three roles: they differ only in the analyzer options.
            var compilation = await AllAnalyzers.CompileAsync(mutation.Source);
            foreach (var role in AllAnalyzers.Roles)
            {
                Describe(problems, await AllAnalyzers.RunAsync(compilation, role), corpus, role, mutation.Name);
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    /// <summary>
    /// An enterprise catalog (an AdditionalFiles item) is input too, typed line by line: every line of the default
    /// catalogs cut off after each character of its rule and symbol fields, and with each of those characters deleted.
    /// Catalog lines are read independently, so all the variants go into one file, analysed with every corpus file.
    /// </summary>
    [Fact]
    public async Task No_analyzer_throws_on_a_half_typed_catalog_file()
    {
        var variants = new List<string>();
        foreach (var line in DefaultCatalogLines())
        {
            var secondBar = line.IndexOf('|', line.IndexOf('|') + 1);
            var typed = secondBar < 0 ? line.Length : secondBar;
            for (var i = 0; i < typed; i++)
            {
                variants.Add(line.Substring(0, i + 1));
                variants.Add(line.Remove(i, 1));
            }
        }

        var catalog = ImmutableArray.Create<AdditionalText>(new AllAnalyzers.InMemoryAdditionalText("/KouplelessHazards.Typing.txt", string.Join("\n", variants)));
        var problems = new StringBuilder();
        var malformedLinesReported = 0;
        foreach (var (name, source) in RobustnessCorpus.All)
        {
            var compilation = await AllAnalyzers.CompileAsync(source);
            foreach (var role in AllAnalyzers.Roles)
            {
                var run = await AllAnalyzers.RunAsync(compilation, role, AllAnalyzers.Instances, catalog);
                Describe(problems, run, name, role, $"with {variants.Count} half-typed catalog lines");
                malformedLinesReported += run.Diagnostics.Count(d => d.Id == RuleIds.MalformedCatalogLine);
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
        Assert.True(malformedLinesReported > 0, "the catalog file was not read");
    }

    /// <summary>The catalog lines of rules/KouplelessHazards*.txt (copied next to the tests), comments left out.</summary>
    private static IEnumerable<string> DefaultCatalogLines()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "RepoFiles", "rules"), "KouplelessHazards*.txt");
        Assert.NotEmpty(files);
        return files.OrderBy(f => f, StringComparer.Ordinal).SelectMany(File.ReadAllLines)
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("#", StringComparison.Ordinal));
    }

    /// <summary>The harness itself: an analyzer exception must reach the failure report, or the test above could never fail.</summary>
    [Fact]
    public async Task A_throwing_analyzer_is_caught_and_named()
    {
        var run = await AllAnalyzers.RunAsync(
            await AllAnalyzers.CompileAsync("class C { }"), "Module", ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), ImmutableArray<AdditionalText>.Empty);
        var problems = new StringBuilder();
        Describe(problems, run, "test", "Module", "unmutated");

        Assert.Contains("ThrowingAnalyzer threw in role Module on test, unmutated: System.InvalidOperationException: on purpose", problems.ToString());
    }

    /// <summary>Names the analyzer, role, mutation and exception of every failure.</summary>
    private static void Describe(StringBuilder problems, AllAnalyzers.AnalysisRun run, string corpus, string role, string mutation)
    {
        foreach (var failure in run.Exceptions)
        {
            problems.AppendLine($"{failure.Analyzer} threw in role {role} on {corpus}, {mutation}: {failure.Exception}");
        }

        foreach (var diagnostic in run.HostFailures)
        {
            problems.AppendLine($"{diagnostic.Id} in role {role} on {corpus}, {mutation}: {diagnostic.GetMessage()}");
        }
    }

    // A test double, never shipped: release tracking and the analyzer-project rules do not apply.
#pragma warning disable RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Test", "Test", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("on purpose"), SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1036, RS2008
}
