using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// Fix All for the static-state fixes: gathers every diagnostic in scope and hands them to one solution-level edit,
/// because several diagnostics may name the same field (each mutation of a static collection), several fields may
/// share one declaration, and the per-load-context holder type must be added once per project.
/// </summary>
internal sealed class StaticStateFixAllProvider : FixAllProvider
{
    public delegate Task<Solution> FixAll(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, string equivalenceKey, CancellationToken cancellationToken);

    private readonly FixAll _fixAll;
    private readonly Func<string, string> _titleOf;

    public StaticStateFixAllProvider(FixAll fixAll, Func<string, string> titleOf)
    {
        _fixAll = fixAll;
        _titleOf = titleOf;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey;
        if (key is null)
        {
            return null;
        }

        var documents = fixAllContext.Scope switch
        {
            FixAllScope.Document when fixAllContext.Document is { } document => new[] { document },
            FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
            FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
            _ => Array.Empty<Document>(),
        };

        var diagnostics = ImmutableArray.CreateBuilder<(Document, Diagnostic)>();
        foreach (var document in documents)
        {
            foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
            {
                diagnostics.Add((document, diagnostic));
            }
        }

        var all = diagnostics.ToImmutable();
        return CodeAction.Create(
            _titleOf(key) + " (all occurrences)",
            cancellationToken => _fixAll(fixAllContext.Solution, all, key, cancellationToken),
            key);
    }
}
