using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3004: a handle in a field is freed in the module's AssemblyLoadContext.Unloading event, right after it is stored;
/// a local freed only on the happy path gets its Free moved into a finally block (<see cref="FreeInFinally"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnfreedGCHandleFixer)), Shared]
public sealed class UnfreedGCHandleFixer : CodeFixProvider
{
    public const string FreeOnUnloadKey = "KPL3004.FreeOnUnload";
    public const string FreeInFinallyKey = "KPL3004.FreeInFinally";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnfreedGCHandle);

    /// <summary>
    /// Fix All applies the kind of fix that was chosen (one equivalence key, one kind of edit); without a key (dotnet format
    /// when the first diagnostic has no fix) each diagnostic gets the one fix it has.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAllProvider(
        _ => "Free the GC handles",
        async (solution, sites, key, cancellationToken) =>
        {
            foreach (var (document, diagnostics) in sites)
            {
                var chosen = key switch
                {
                    FreeInFinallyKey => diagnostics.Where(IsFreedOutsideFinally),
                    FreeOnUnloadKey => diagnostics.Where(d => !IsFreedOutsideFinally(d)),
                    _ => diagnostics,
                };
                var fixedDocument = await ApplyAsync(solution.GetDocument(document.Id)!, chosen, cancellationToken).ConfigureAwait(false);
                solution = fixedDocument.Project.Solution;
            }

            return solution;
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (FreeOnUnload(diagnostic, node) is { } release)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Free the GC handle when the module unloads",
                        ct => UnloadingRelease.AddAsync(context.Document, new[] { (node, release) }, ct),
                        FreeOnUnloadKey),
                    diagnostic);
            }
            else if (IsFreedOutsideFinally(diagnostic) && FreeInFinally.CanApply(node))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Free the GC handle in a finally block",
                        ct => ApplyAsync(context.Document, new[] { diagnostic }, ct),
                        FreeInFinallyKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The release for a handle stored in a field: guarded, because a second Free (the storing method ran twice, or Dispose
    /// freed it already) throws InvalidOperationException, and it would throw out of Unload(). The typed handles of .NET 10
    /// need no guard: their Dispose clears the field's handle and does nothing on a cleared one.
    /// </summary>
    private static string? FreeOnUnload(Diagnostic diagnostic, SyntaxNode node)
        => diagnostic.Properties.TryGetValue(UnfreedGCHandleAnalyzer.StorageProperty, out var storage)
            && storage == nameof(StorageKind.Field)
            && diagnostic.Properties.ContainsKey(UnfreedGCHandleAnalyzer.UnloadingReleaseProperty)
            && UnloadingRelease.CanAttachInMember(node)
            && UnloadingRelease.StoredName(node) is { } name
                ? diagnostic.Properties.ContainsKey(UnfreedGCHandleAnalyzer.ReleaseMethodProperty)
                    ? $"{name}.Dispose()"
                    : $"{{ if ({name}.IsAllocated) {name}.Free(); }}"
                : null;

    private static bool IsFreedOutsideFinally(Diagnostic diagnostic)
        => diagnostic.Properties.ContainsKey(UnfreedGCHandleAnalyzer.FreedOutsideFinallyProperty);

    /// <summary>Both kinds of fix for one document in one pass: finally blocks first, then the Unloading releases.</summary>
    internal static async Task<Document> ApplyAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var unloading = new List<(SyntaxNode Node, SyntaxAnnotation Marker, string Release)>();
        var finallies = new List<(SyntaxNode Node, SyntaxAnnotation Marker)>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (FreeOnUnload(diagnostic, node) is { } release)
            {
                unloading.Add((node, new SyntaxAnnotation(), release));
            }
            else if (IsFreedOutsideFinally(diagnostic) && FreeInFinally.CanApply(node))
            {
                finallies.Add((node, new SyntaxAnnotation()));
            }
        }

        // Mark the nodes so they can be found again after the finally blocks have moved statements around.
        var markers = unloading.Select(u => (u.Node, u.Marker)).Concat(finallies)
            .GroupBy(m => m.Node).ToDictionary(g => g.Key, g => g.First().Marker);
        root = root.ReplaceNodes(markers.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(markers[original]));
        foreach (var (_, marker) in finallies)
        {
            if (root.GetAnnotatedNodes(marker).FirstOrDefault() is { } node && FreeInFinally.Apply(root, node) is { } changed)
            {
                root = changed;
            }
        }

        // The new document's tree holds its own copy of the root: look the marked nodes up in that one.
        document = document.WithSyntaxRoot(root);
        root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) ?? root;
        var releases = unloading
            .Select(u => (Node: root.GetAnnotatedNodes(u.Marker).FirstOrDefault(), u.Release))
            .Where(u => u.Node is not null)
            .Select(u => (u.Node!, u.Release))
            .ToList();
        return releases.Count > 0
            ? await UnloadingRelease.AddAsync(document, releases, cancellationToken).ConfigureAwait(false)
            : await UnloadingRelease.CleanUpAsync(document, cancellationToken).ConfigureAwait(false);
    }
}
