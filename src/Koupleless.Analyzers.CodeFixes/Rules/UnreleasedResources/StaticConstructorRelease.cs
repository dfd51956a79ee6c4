using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// The unload release of a resource stored by a static field initializer: no statement follows an initializer, but the
/// static constructor runs right after all of them, so the subscription goes there — first in an existing constructor's
/// body (after the subscriptions already leading it, so fields keep their declaration order), or in a new
/// <c>static Type() { ... }</c> after the field declarations of the part holding the first fixed field.
/// </summary>
internal static class StaticConstructorRelease
{
    /// <summary>
    /// Where one type's releases go: <see cref="Existing"/> (in <see cref="Document"/>), or a new constructor in
    /// <see cref="Part"/>. <see cref="Releases"/> are in the order of their fields.
    /// </summary>
    public sealed record Target(DocumentId Document, INamedTypeSymbol Type, TypeDeclarationSyntax Part, ConstructorDeclarationSyntax? Existing, List<string> Releases);

    /// <summary>
    /// One target per type over every document in scope, so a partial type whose fields are in two documents gets one
    /// static constructor (two would be CS0111). A type whose constructor cannot be edited (no body, not a document of the
    /// solution, several of them in broken code) gets none.
    /// </summary>
    public static async Task<IReadOnlyList<Target>> PlanAsync(
        Solution solution,
        IEnumerable<(DocumentId Document, FieldDeclarationSyntax Field, string Release)> sites,
        CancellationToken cancellationToken)
    {
        var targets = new Dictionary<INamedTypeSymbol, Target?>(SymbolEqualityComparer.Default);
        var ordered = new List<Target>();
        foreach (var (documentId, field, release) in sites)
        {
            if (field.Parent is not TypeDeclarationSyntax part
                || solution.GetDocument(documentId) is not { } document
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || model.GetDeclaredSymbol(part, cancellationToken) is not { } type)
            {
                continue;
            }

            if (!targets.TryGetValue(type, out var target))
            {
                target = Locate(solution, type, documentId, part, cancellationToken);
                targets[type] = target;
                if (target is not null)
                {
                    ordered.Add(target);
                }
            }

            if (target is not null && !target.Releases.Contains(release))
            {
                target.Releases.Add(release);
            }
        }

        return ordered;
    }

    private static Target? Locate(Solution solution, INamedTypeSymbol type, DocumentId fieldDocument, TypeDeclarationSyntax fieldPart, CancellationToken cancellationToken)
    {
        var declared = type.StaticConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
        if (declared.Count == 0 && fieldPart.Identifier.IsMissing)
        {
            return null;
        }

        if (declared.Count == 0)
        {
            return new Target(fieldDocument, type, fieldPart, null, new List<string>());
        }

        if (declared.Count == 1
            && declared[0].DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).FirstOrDefault() is ConstructorDeclarationSyntax constructor
            && (constructor.Body is not null || constructor.ExpressionBody is not null)
            && constructor.Parent is TypeDeclarationSyntax part
            && solution.GetDocumentId(constructor.SyntaxTree) is { } documentId)
        {
            return new Target(documentId, type, part, constructor, new List<string>());
        }

        return null;
    }

    /// <summary>Adds the target's subscriptions; <paramref name="editor"/> edits the target's document.</summary>
    public static void Apply(DocumentEditor editor, Target target, CancellationToken cancellationToken)
    {
        if (target.Releases.Count == 0)
        {
            return;
        }

        // Named from inside the type's body, where its type parameters are in scope.
        var lastField = target.Part.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();
        if (((SyntaxNode?)target.Existing ?? lastField) is not { } inside)
        {
            return;
        }

        var typeName = target.Type.ToMinimalDisplayString(editor.SemanticModel, inside.SpanStart);
        // Elastic ends: where the formatter lays out a new block, each statement gets its own line.
        var statements = target.Releases
            .Select(r => UnloadingRelease.Subscription(typeName, r).WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker))
            .ToList();
        if (target.Existing is { } existing)
        {
            editor.ReplaceNode(existing, (current, _) => InsertFirst((ConstructorDeclarationSyntax)current, statements));
        }
        else
        {
            editor.InsertAfter(lastField!, NewConstructor(target.Part, lastField!, statements));
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// The subscriptions go before the user's statements, after subscriptions already leading the body: a fix applied
    /// field by field then lists them in field order, as Fix All does.
    /// </summary>
    private static ConstructorDeclarationSyntax InsertFirst(ConstructorDeclarationSyntax constructor, IReadOnlyList<StatementSyntax> statements)
    {
        if (constructor.Body is { } body)
        {
            if (body.Statements.Count == 0)
            {
                return constructor.WithBody(body.WithStatements(SyntaxFactory.List(statements)).WithAdditionalAnnotations(Formatter.Annotation));
            }

            var index = body.Statements.TakeWhile(UnloadingRelease.IsSubscription).Count();

            // Same line layout as a neighbouring statement; the user's statements and comments are left alone.
            var neighbour = body.Statements[System.Math.Min(index, body.Statements.Count - 1)];
            var indentation = neighbour.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var newLine = neighbour.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var added = statements.Select(s => s
                .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticLineFeed : newLine));
            return constructor.WithBody(body.WithStatements(body.Statements.InsertRange(index, added)));
        }

        // static Type() => Init(); becomes a block: the subscriptions, then the former body.
        var former = SyntaxFactory.ExpressionStatement(constructor.ExpressionBody!.Expression.WithoutTrivia());
        return (ConstructorDeclarationSyntax)UnloadingRelease.WithBlockBody(constructor, statements.Concat(new[] { former }));
    }

    /// <summary>A static constructor laid out like the field it follows: a blank line, the field's indentation.</summary>
    private static ConstructorDeclarationSyntax NewConstructor(TypeDeclarationSyntax part, FieldDeclarationSyntax lastField, IReadOnlyList<StatementSyntax> statements)
    {
        var indentation = lastField.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var newLine = lastField.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var lineBreak = newLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : newLine;
        var leading = indentation == default ? SyntaxFactory.TriviaList(lineBreak) : SyntaxFactory.TriviaList(lineBreak, indentation);
        return SyntaxFactory.ConstructorDeclaration(part.Identifier.WithoutTrivia())
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
            .WithBody(SyntaxFactory.Block(statements))
            .WithAdditionalAnnotations(Formatter.Annotation)
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(lineBreak);
    }
}
