using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Filtering;
using Koupleless.Scanner.Fixing;
using Koupleless.Scanner.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// The in-memory part of `koupleless fix` on a one-file project: the shipped fixers fix it; a fix that breaks the
/// build, or that adds a file its project would only compile with a Compile item, is undone and listed.
/// </summary>
public sealed class FixSessionTests
{
    private const string Code = """
        namespace Tiny;

        public static class Counters
        {
            public static int Count;

            public static void Increment() => Count++;
        }
        """;

    [Fact]
    public async Task The_shipped_fixers_fix_a_mutable_static_field_and_keep_the_code_compiling()
    {
        var (solution, project) = Tiny();

        var outcome = await Session(CodeFixSet.Discover()).RunAsync(solution, new[] { project }, CancellationToken.None);

        Assert.True(outcome.Before.GetValueOrDefault("KPL1001") > 0);
        Assert.Equal(0, outcome.After.GetValueOrDefault("KPL1001"));
        Assert.Empty(outcome.Reverted);
        var compilation = await outcome.Solution.GetProject(project)!.GetCompilationAsync();
        Assert.DoesNotContain(compilation!.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task A_fix_that_adds_a_compiler_error_is_undone_and_listed_with_the_error()
    {
        var (solution, project) = Tiny();

        var outcome = await Session(new CodeFixSet(new[] { new BreakingFixer() })).RunAsync(solution, new[] { project }, CancellationToken.None);

        Assert.Same(solution, outcome.Solution);
        Assert.Equal(outcome.Before, outcome.After);
        var reverted = Assert.Single(outcome.Reverted);
        Assert.Equal("KPL1001", reverted.RuleId);
        Assert.Contains(reverted.Files, f => f.EndsWith("Counters.cs", StringComparison.Ordinal));
        Assert.Contains(reverted.NewErrors, e => e.Contains("CS0103", StringComparison.Ordinal) && e.Contains("Counters.cs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fix_that_adds_a_file_the_project_does_not_glob_in_is_undone_and_listed()
    {
        var (solution, project) = Tiny();

        var outcome = await Session(new CodeFixSet(new[] { new AddDocumentFixer() })).RunAsync(solution, new[] { project }, CancellationToken.None);

        Assert.Same(solution, outcome.Solution);
        var reverted = Assert.Single(outcome.Reverted);
        Assert.Contains("Helper.cs", reverted.Reason, StringComparison.Ordinal);
        Assert.Contains("Compile item", reverted.Reason, StringComparison.Ordinal);
    }

    private static FixSession Session(CodeFixSet fixes)
    {
        var root = Path.GetTempPath();
        var diagnostics = new KouplelessDiagnostics(AnalyzerSet.Default, ImmutableArray<CatalogAdditionalText>.Empty, "Shared", new PathFilter(Array.Empty<string>(), Array.Empty<string>()), root);
        return new FixSession(diagnostics, fixes, onlyIds: null, root, IScanProgress.None);
    }

    /// <summary>A Shared project without a project file (so no file of it is globbed in) holding <see cref="Code"/>.</summary>
    private static (Solution Solution, ProjectId Project) Tiny()
    {
        var workspace = new AdhocWorkspace();
        var id = ProjectId.CreateNewId();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var path = Path.Combine(Path.GetTempPath(), "Tiny", "Counters.cs");
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(id, VersionStamp.Create(), "Tiny", "Tiny", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                metadataReferences: references))
            .AddDocument(DocumentId.CreateNewId(id), "Counters.cs", SourceText.From(Code), filePath: path);
        return (solution, id);
    }

    /// <summary>A stand-in for a fixer with a bug: its fix refers to a name that does not exist.</summary>
    private sealed class BreakingFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("KPL1001");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            context.RegisterCodeFix(
                CodeAction.Create("break", async ct =>
                {
                    var text = await context.Document.GetTextAsync(ct);
                    return context.Document.WithText(SourceText.From(text + "\nnamespace Tiny { static class Broken { static int M() => missingName; } }\n"));
                }, "break"),
                context.Diagnostics);
            return Task.CompletedTask;
        }
    }

    /// <summary>A fixer that puts its helper in a new file, as the fixes did before issue 18.</summary>
    private sealed class AddDocumentFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("KPL1001");

        public override FixAllProvider? GetFixAllProvider() => null;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            context.RegisterCodeFix(
                CodeAction.Create("add helper", ct => Task.FromResult(
                    context.Document.Project.AddDocument("Helper.cs", "namespace Tiny { static class Helper { } }").Project.Solution), "add"),
                context.Diagnostics);
            return Task.CompletedTask;
        }
    }
}
