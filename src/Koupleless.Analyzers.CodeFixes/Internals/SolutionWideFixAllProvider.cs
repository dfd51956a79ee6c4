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
/// (a field, a Dispose) is added once per document that holds a part of a partial type: CS0102/CS0111. Seeing all
/// sites at once, the fixer can add such a member to one part only.
/// </summary>
internal sealed class SolutionWideFixAllProvider : FixAllProvider
{
    public delegate Task<Solution> FixAll(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, CancellationToken cancellationToken);

    private readonly string _title;
    private readonly FixAll _fixAll;

    public SolutionWideFixAllProvider(string title, FixAll fixAll)
    {
        _title = title;
        _fixAll = fixAll;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
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

        return sites.Count == 0
            ? null
            : CodeAction.Create(_title, ct => _fixAll(fixAllContext.Solution, sites, ct), fixAllContext.CodeActionEquivalenceKey);
    }
}
