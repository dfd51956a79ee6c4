using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Fix All for the "release on unload" fixes: every release in scope is added in one edit, so each document gets the
/// <c>using System.Runtime.Loader;</c> directive once, neighbouring insertions never conflict, and a partial type whose
/// static fields are in several documents gets one static constructor (run by <see cref="Internals.SolutionWideFixAllProvider"/>).
/// </summary>
internal static class UnloadingReleaseFixAll
{
    public static async Task<Solution> FixAllAsync(
        Func<SyntaxNode, string?> release,
        Solution solution,
        IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites,
        CancellationToken cancellationToken)
    {
        var releases = new List<(DocumentId, SyntaxNode, string)>();
        foreach (var (document, diagnostics) in sites)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            releases.AddRange(diagnostics
                .Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true))
                .OrderBy(n => n.SpanStart)
                .Select(n => (Node: n, Release: release(n)))
                .Where(r => r.Release is not null && UnloadingRelease.CanAttach(r.Node))
                .Select(r => (document.Id, r.Node, r.Release!)));
        }

        return await UnloadingRelease.AddAsync(solution, releases, Array.Empty<DocumentId>(), cancellationToken).ConfigureAwait(false);
    }
}
