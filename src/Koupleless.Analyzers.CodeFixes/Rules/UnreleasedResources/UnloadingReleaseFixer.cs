using System;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// A fix with one shape: release what the diagnostic points at in the module's AssemblyLoadContext.Unloading event,
/// right after the statement that stores or subscribes it, or in the static constructor for a static field initializer
/// (<see cref="UnloadingRelease"/>). Fix All adds every release in scope in one edit (<see cref="UnloadingReleaseFixAll"/>). A rule's fixer only says how to name the release.
/// </summary>
public abstract class UnloadingReleaseFixer : CodeFixProvider
{
    protected abstract string Title { get; }

    protected abstract string EquivalenceKey { get; }

    /// <summary>The release for the node the diagnostic points at (<c>_timer.Dispose()</c>), or null when it cannot be named again.</summary>
    protected abstract string? Release(SyntaxNode node);

    public sealed override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider("Release on unload", (solution, sites, ct) => UnloadingReleaseFixAll.FixAllAsync(Release, solution, sites, ct));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (Release(node) is not { } release || !UnloadingRelease.CanAttach(node))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => UnloadingRelease.AddAsync(context.Document.Project.Solution, new[] { (context.Document.Id, node, release) }, Array.Empty<DocumentId>(), ct),
                    EquivalenceKey),
                diagnostic);
        }
    }
}
