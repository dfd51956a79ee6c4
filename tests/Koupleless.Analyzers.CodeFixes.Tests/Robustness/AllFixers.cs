using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.CodeFixes.Tests.Robustness;

/// <summary>
/// Every code fix of the package, found by reflection (a new fixer is covered without touching the tests), run the
/// way the IDE runs it on one source in one role: offered for each diagnostic it can fix, each offered action (nested
/// ones too) computed and its edit read back, and its Fix All for the document computed too. Every exception is captured.
/// </summary>
public static class AllFixers
{
    public static readonly ImmutableArray<CodeFixProvider> Instances = typeof(UsingDirectives).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public sealed record FixerFailure(string Fixer, string DiagnosticId, string Stage, Exception Exception);

    /// <summary>What one source in one role gave: the failures, and how many actions each fixer registered.</summary>
    public sealed record FixRun(IReadOnlyList<FixerFailure> Failures, IReadOnlyDictionary<string, int> ActionsByFixer, int Diagnostics);

    /// <summary>
    /// A workspace project of one document, compiled as the analyzer robustness test compiles the corpus, with the role
    /// in a <c>.globalconfig</c>: the project's analyzer options then carry <c>build_property.KouplelessRole</c> in their
    /// global options, where the analyzers read it (as the package's props put it there in a real build).
    /// </summary>
    public static async Task<Document> CreateDocumentAsync(string source, string role)
    {
        var compilation = await AllAnalyzers.CompileAsync(source);
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Corpus",
            "Corpus",
            LanguageNames.CSharp,
            filePath: "/Corpus.csproj",
            compilationOptions: compilation.Options,
            parseOptions: compilation.SyntaxTrees.Single().Options,
            metadataReferences: compilation.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution
            .AddDocument(documentId, "Corpus.cs", SourceText.From(source), filePath: "/Corpus.cs")
            .AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId),
                ".globalconfig",
                SourceText.From($"is_global = true\nbuild_property.KouplelessRole = {role}\n"),
                filePath: "/.globalconfig");
        return solution.GetDocument(documentId)!;
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation.WithAnalyzers(AllAnalyzers.Instances, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    public static async Task<FixRun> RunAsync(string source, string role, ImmutableArray<CodeFixProvider> fixers)
    {
        var document = await CreateDocumentAsync(source, role);
        var diagnostics = (await AnalyzeAsync(document.Project)).Where(d => d.Location.IsInSource).ToImmutableArray();
        var failures = new List<FixerFailure>();
        var actionsByFixer = fixers.ToDictionary(f => f.GetType().Name, _ => 0);
        foreach (var fixer in fixers)
        {
            var name = fixer.GetType().Name;
            var fixable = Guard(failures, name, "-", "FixableDiagnosticIds", () => fixer.FixableDiagnosticIds);
            if (fixable.IsDefault)
            {
                continue;
            }

            var fixAllDone = new HashSet<(string, string?)>();
            foreach (var diagnostic in diagnostics.Where(d => fixable.Contains(d.Id)))
            {
                var actions = new List<CodeAction>();
                await GuardAsync(failures, name, diagnostic.Id, "RegisterCodeFixesAsync", async () =>
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    return true;
                });
                actionsByFixer[name] += actions.Count;
                foreach (var action in actions.SelectMany(Flatten))
                {
                    await GuardAsync(failures, name, diagnostic.Id, $"action '{action.Title}'", () => ApplyAsync(action, document.Project.Solution));
                    if (fixAllDone.Add((diagnostic.Id, action.EquivalenceKey)))
                    {
                        await GuardAsync(failures, name, diagnostic.Id, $"Fix All in document of '{action.EquivalenceKey}'", () => FixAllAsync(fixer, document, diagnostic.Id, action.EquivalenceKey, diagnostics));
                    }
                }
            }
        }

        return new FixRun(failures, actionsByFixer, diagnostics.Length);
    }

    /// <summary>
    /// Fix All the way <c>dotnet format analyzers</c> asks for it: solution scope, with the equivalence key of the first
    /// action <paramref name="fixer"/> offers for the first diagnostic of <paramref name="diagnosticId"/> (none when it
    /// offers nothing there). Text is null when the provider returns no action (dotnet format then prints "didn't return a
    /// Fix All action" and fixes nothing), else the fixed text of the document; FirstHasFix says whether a key was found.
    /// </summary>
    public static async Task<(string? Text, bool FirstHasFix)> FixAllLikeDotnetFormatAsync(string source, string role, CodeFixProvider fixer, string diagnosticId)
    {
        var document = await CreateDocumentAsync(source, role);
        var diagnostics = (await AnalyzeAsync(document.Project)).Where(d => d.Id == diagnosticId).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
        var provider = fixer.GetFixAllProvider();
        if (provider is null || !provider.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            return (null, actions.Count > 0);
        }

        var context = new FixAllContext(
            document, fixer, FixAllScope.Solution, actions.FirstOrDefault()?.EquivalenceKey, new[] { diagnosticId }, new FixedDiagnostics(diagnostics), CancellationToken.None);
        var fixAll = await provider.GetFixAsync(context);
        if (fixAll is null)
        {
            return (null, actions.Count > 0);
        }

        var apply = (await fixAll.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        return ((await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString(), actions.Count > 0);
    }

    /// <summary>The action and, for a group (a menu of choices), the actions nested in it.</summary>
    private static IEnumerable<CodeAction> Flatten(CodeAction action)
        => new[] { action }.Concat(((ImmutableArray<CodeAction>)NestedActions.GetValue(action)!).SelectMany(Flatten));

    /// <summary>Roslyn 4.8 keeps a group's nested actions internal (public as NestedActions only from 4.9 on).</summary>
    private static readonly PropertyInfo NestedActions = typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("CodeAction.NestedCodeActions not found: Roslyn changed, use the public NestedActions");

    /// <summary>Computes the operations and reads every changed document's new text, as applying the edit does; a fix never adds a document.</summary>
    private static async Task<bool> ApplyAsync(CodeAction action, Solution original)
    {
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            if (operation is not ApplyChangesOperation apply)
            {
                continue;
            }

            foreach (var projectChanges in apply.ChangedSolution.GetChanges(original).GetProjectChanges())
            {
                // A new document becomes a Compile item that MSBuildWorkspace writes into SDK-style projects (NETSDK1022).
                if (projectChanges.GetAddedDocuments().Any())
                {
                    throw new InvalidOperationException("the fix adds a document: " + string.Join(", ", projectChanges.GetAddedDocuments().Select(id => apply.ChangedSolution.GetDocument(id)!.Name)));
                }

                foreach (var id in projectChanges.GetChangedDocuments())
                {
                    _ = (await apply.ChangedSolution.GetDocument(id)!.GetTextAsync()).ToString();
                }
            }
        }

        return true;
    }

    private static async Task<bool> FixAllAsync(CodeFixProvider fixer, Document document, string diagnosticId, string? equivalenceKey, ImmutableArray<Diagnostic> diagnostics)
    {
        var provider = fixer.GetFixAllProvider();
        if (provider is null || !provider.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
        {
            return false;
        }

        var context = new FixAllContext(
            document, fixer, FixAllScope.Document, equivalenceKey, new[] { diagnosticId }, new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        return action is null || await ApplyAsync(action, document.Project.Solution);
    }

    private static T? Guard<T>(List<FixerFailure> failures, string fixer, string id, string stage, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (Exception exception)
        {
            failures.Add(new FixerFailure(fixer, id, stage, exception));
            return default;
        }
    }

    private static async Task GuardAsync<T>(List<FixerFailure> failures, string fixer, string id, string stage, Func<Task<T>> run)
    {
        try
        {
            await run();
        }
        catch (Exception exception)
        {
            failures.Add(new FixerFailure(fixer, id, stage, exception));
        }
    }

    /// <summary>The diagnostics already computed for the one-document project, handed to Fix All as the IDE hands them.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
