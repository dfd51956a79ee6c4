using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Fix All for the "release on unload" fixes: every release of a document is added in one edit, so the
/// <c>using System.Runtime.Loader;</c> directive is added once and neighbouring insertions never conflict.
/// </summary>
internal sealed class UnloadingReleaseFixAll : DocumentBasedFixAllProvider
{
    private readonly Func<SyntaxNode, Diagnostic, string?> _release;

    public UnloadingReleaseFixAll(Func<SyntaxNode, string?> release) => _release = (node, _) => release(node);

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Release on unload";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var releases = diagnostics
            .Select(d => (Node: root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true), Diagnostic: d))
            .OrderBy(p => p.Node.SpanStart)
            .Select(p => (p.Node, Release: _release(p.Node, p.Diagnostic)))
            .Where(r => r.Release is not null && UnloadingRelease.CanAttach(r.Node))
            .Select(r => (r.Node, r.Release!))
            .ToList();
        return await UnloadingRelease.AddAsync(document, releases, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
