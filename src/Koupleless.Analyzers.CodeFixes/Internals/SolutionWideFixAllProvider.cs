using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>
/// Fix All as one solution-level edit over every diagnostic in scope. A document-based Fix All fixes each document
/// against the original solution and merges the results, so a member that belongs to a type rather than to a site
/// (a field, a Dispose, a static constructor, the per-load-context holder of a project) is added once per document
/// that holds a part of a partial type: CS0102/CS0111. Seeing all sites at once, the fixer can add such a member once.
/// </summary>
internal sealed class SolutionWideFixAllProvider : FixAllProvider
{
    public delegate Task<Solution> FixAll(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, CancellationToken cancellationToken);

    /// <summary>For a fixer that offers several kinds of fix: Fix All applies the kind the user chose, named by its equivalence key.</summary>
    public delegate Task<Solution> FixAllOfKind(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, string equivalenceKey, CancellationToken cancellationToken);

    private readonly Func<string, string> _titleOf;
    private readonly FixAllOfKind _fixAll;

    public SolutionWideFixAllProvider(string title, FixAll fixAll)
        : this(_ => title, (solution, sites, _, cancellationToken) => fixAll(solution, sites, cancellationToken))
    {
    }

    public SolutionWideFixAllProvider(Func<string, string> titleOf, FixAllOfKind fixAll)
    {
        _titleOf = titleOf;
        _fixAll = fixAll;
    }

    /// <summary>The sites as one (document, diagnostic) list, for fixers that look at each diagnostic on its own.</summary>
    public static ImmutableArray<(Document Document, Diagnostic Diagnostic)> Flatten(IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites)
        => sites.SelectMany(site => site.Diagnostics.Select(diagnostic => (site.Document, diagnostic))).ToImmutableArray();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey ?? string.Empty;
        var documents = fixAllContext.Scope switch
        {
            FixAllScope.Document when fixAllContext.Document is { } document => new[] { document },
            FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
            FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => Array.Empty<Document>(),
        };

        var sites = new List<(Document, ImmutableArray<Diagnostic>)>();
        foreach (var document in documents)
        {
            var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
            if (!diagnostics.IsEmpty)
            {
                sites.Add((document, diagnostics));
            }
        }

        // An action even when nothing in scope is fixable, one that changes nothing: a caller that runs every fixer of an
        // ID in turn (dotnet format) then neither warns nor mistakes a rebuilt but equal solution for a change.
        var original = fixAllContext.Solution;
        return CodeAction.Create(
            _titleOf(key),
            async ct => await UnchangedOrOriginalAsync(original, sites.Count == 0 ? original : await _fixAll(original, sites, key, ct).ConfigureAwait(false), ct).ConfigureAwait(false),
            fixAllContext.CodeActionEquivalenceKey);
    }

    /// <summary><paramref name="original"/> itself when no document's text changed, else <paramref name="changed"/>.</summary>
    private static async Task<Solution> UnchangedOrOriginalAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in changed.GetChanges(original).GetProjectChanges())
        {
            if (projectChanges.GetAddedDocuments().Any() || projectChanges.GetRemovedDocuments().Any())
            {
                return changed;
            }

            foreach (var id in projectChanges.GetChangedDocuments())
            {
                var before = await original.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var after = await changed.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (!before.ContentEquals(after))
                {
                    return changed;
                }
            }
        }

        return original;
    }
}
