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
    private readonly Func<SyntaxNode, string?> _release;

    public UnloadingReleaseFixAll(Func<SyntaxNode, string?> release) => _release = release;

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Release on unload";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var releases = UnloadingRelease.Nodes(root, diagnostics)
            .Select(node => (Node: node, Release: _release(node)))
            .Where(r => r.Release is not null && UnloadingRelease.CanAttach(r.Node))
            .Select(r => (r.Node, r.Release!))
            .ToList();
        return await UnloadingRelease.AddAsync(document, releases, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
