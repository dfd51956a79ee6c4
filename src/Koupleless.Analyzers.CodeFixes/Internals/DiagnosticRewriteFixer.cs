using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>
/// A fix that rewrites the node each diagnostic points at, then adds the using directives the new code needs once per
/// document. Fix All applies every diagnostic of a document in one editor, so fixes in one file never conflict over the
/// same using directive.
/// </summary>
public abstract class DiagnosticRewriteFixer : CodeFixProvider
{
    protected abstract string Title { get; }

    protected abstract string EquivalenceKey { get; }

    /// <summary>Whether the analyzer marked this diagnostic as one the fix knows how to rewrite.</summary>
    protected virtual bool CanFix(Diagnostic diagnostic) => true;

    /// <summary>Rewrites <paramref name="node"/> (the diagnostic's exact span) through <paramref name="editor"/>; adds needed namespaces.</summary>
    protected abstract void Fix(DocumentEditor editor, SyntaxNode node, Diagnostic diagnostic, ISet<string> namespaces, CancellationToken cancellationToken);

    public sealed override FixAllProvider GetFixAllProvider() => KeylessFixAll.Create(Title, ApplyAsync);

    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(CanFix))
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var namespaces = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.Where(CanFix))
        {
            var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            Fix(editor, node, diagnostic, namespaces, cancellationToken);
        }

        var root = editor.GetChangedRoot();
        if (root is CompilationUnitSyntax compilationUnit && namespaces.Count > 0)
        {
            root = UsingDirectives.Ensure(compilationUnit, namespaces, editor.SemanticModel.Compilation);
        }

        return document.WithSyntaxRoot(root);
    }
}
