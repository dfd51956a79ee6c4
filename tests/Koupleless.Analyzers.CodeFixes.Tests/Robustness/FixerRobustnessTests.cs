using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Robustness;

/// <summary>
/// No code fix may throw on any input, half-typed code included (the IDE shows an error bar and turns a throwing
/// fixer off): every fixer, for every diagnostic it can fix, in every role, over the analyzer robustness corpus cut
/// off at token boundaries and with single tokens deleted.
/// </summary>
public sealed class FixerRobustnessTests
{
    /// <summary>
    /// Each mutation runs the analyzers, then every offered action and a Fix All: far dearer than analysis alone, so a
    /// sparser sample than the analyzer test's (every 4th prefix, every 8th deletion) keeps this near a minute on two
    /// busy cores. Offsets differ from the analyzer test's, so the two tests cut at different points.
    /// </summary>
    private const int PrefixStep = 24;
    private const int DeletionStep = 32;

    public static TheoryData<string> CorpusNames() => new(RobustnessCorpus.All.Keys);

    [Fact]
    public async Task The_unmutated_corpus_offers_a_fix_of_every_fixer()
    {
        Assert.NotEmpty(AllFixers.Instances);
        var offered = AllFixers.Instances.ToDictionary(f => f.GetType().Name, _ => 0);
        var problems = new StringBuilder();
        foreach (var (name, source) in RobustnessCorpus.All)
        {
            foreach (var role in AllAnalyzers.Roles)
            {
                var run = await AllFixers.RunAsync(source, role, AllFixers.Instances);
                Describe(problems, run, name, role, "unmutated");
                foreach (var (fixer, count) in run.ActionsByFixer)
                {
                    offered[fixer] += count;
                }
            }
        }

        // So that the mutations cannot pass vacuously: a fixer that offers nothing on the corpus is never exercised.
        foreach (var (fixer, _) in offered.Where(o => o.Value == 0))
        {
            problems.AppendLine($"{fixer} offered no code action on any corpus file in any role");
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task No_fixer_throws_on_half_typed_code(string corpus)
    {
        var source = RobustnessCorpus.All[corpus];
        var mutations = SourceMutations.PrefixCuts(source, PrefixStep, offset: 2)
            .Concat(SourceMutations.TokenDeletions(source, DeletionStep, offset: 3))
            .ToList();
        Assert.True(mutations.Count > 20, $"only {mutations.Count} mutations of {corpus}");

        var problems = new StringBuilder();
        var actions = 0;
        foreach (var mutation in mutations)
        {
            foreach (var role in AllAnalyzers.Roles)
            {
                var run = await AllFixers.RunAsync(mutation.Source, role, AllFixers.Instances);
                Describe(problems, run, corpus, role, mutation.Name);
                actions += run.ActionsByFixer.Values.Sum();
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
        Assert.True(actions > 0, $"no fixer offered anything on the mutations of {corpus}");
    }

    /// <summary>The harness itself: a fixer exception must reach the failure report, or the tests above could never fail.</summary>
    [Fact]
    public async Task A_throwing_fixer_is_caught_and_named()
    {
        var run = await AllFixers.RunAsync(RobustnessCorpus.StaticState, "Module", ImmutableArray.Create<CodeFixProvider>(new ThrowingFixer()));
        var problems = new StringBuilder();
        Describe(problems, run, "test", "Module", "unmutated");

        Assert.Contains("ThrowingFixer threw on KPL", problems.ToString());
        Assert.Contains("in role Module on test, unmutated, in RegisterCodeFixesAsync: System.InvalidOperationException: on purpose", problems.ToString());
    }

    /// <summary>Names the fixer, diagnostic, role, mutation, stage and exception of every failure.</summary>
    private static void Describe(StringBuilder problems, AllFixers.FixRun run, string corpus, string role, string mutation)
    {
        foreach (var failure in run.Failures)
        {
            problems.AppendLine($"{failure.Fixer} threw on {failure.DiagnosticId} in role {role} on {corpus}, {mutation}, in {failure.Stage}: {failure.Exception}");
        }
    }

    /// <summary>Claims every rule of the package and throws when asked for a fix.</summary>
    private sealed class ThrowingFixer : CodeFixProvider
    {
        public override FixAllProvider? GetFixAllProvider() => null;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = AllAnalyzers.Instances
            .SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToImmutableArray();

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => throw new InvalidOperationException("on purpose");
    }
}
