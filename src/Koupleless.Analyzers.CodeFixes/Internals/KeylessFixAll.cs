using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>
/// Fix All for a fixer with one kind of fix per diagnostic: every diagnostic in scope that the fixer can fix is fixed,
/// document by document, whatever equivalence key the caller passes. The batch fixer matches actions by key, and
/// <c>dotnet format</c> passes the key of the first action offered for the first diagnostic of the ID — none when that
/// diagnostic has no fix (KPL1003 on <c>Environment.SetEnvironmentVariable</c>) — so it fixed nothing at all.
/// </summary>
internal static class KeylessFixAll
{
    public static FixAllProvider Create(string title, Func<Document, ImmutableArray<Diagnostic>, CancellationToken, Task<Document>> fixDocument)
        => new SolutionWideFixAllProvider(title, async (solution, sites, cancellationToken) =>
        {
            var result = solution;
            foreach (var (document, diagnostics) in sites)
            {
                var fixedDocument = await fixDocument(document, diagnostics, cancellationToken).ConfigureAwait(false);
                if (fixedDocument != document && await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
                {
                    result = result.WithDocumentSyntaxRoot(document.Id, root);
                }
            }

            return result;
        });
}
