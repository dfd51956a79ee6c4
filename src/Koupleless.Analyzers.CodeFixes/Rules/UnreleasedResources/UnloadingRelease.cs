using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Adds <c>AssemblyLoadContext.GetLoadContext(typeof(Containing).Assembly)!.Unloading += _ => release;</c> right after
/// the statement that creates or subscribes a resource, or — for a static field initializer — in the type's static
/// constructor (<see cref="StaticConstructorRelease"/>). Measured (DESIGN.md, "Unloads fine"): a release in the
/// module's own Unloading event is enough for the context to be collected, and the Unloading handler itself does not pin.
/// </summary>
internal static class UnloadingRelease
{
    /// <summary>Whether a release can be placed after the statement holding <paramref name="node"/>, or in the static constructor.</summary>
    public static bool CanAttach(SyntaxNode node) => Anchor(node) is not null;

    /// <summary>Whether the release can go right after the statement holding <paramref name="node"/> (not a static field initializer).</summary>
    public static bool CanAttachInMember(SyntaxNode node) => Anchor(node) is not null and not FieldDeclarationSyntax;

    /// <summary>
    /// <see cref="AddAsync(Solution, IReadOnlyList{ValueTuple{DocumentId, SyntaxNode, string}}, IEnumerable{DocumentId}, CancellationToken)"/>
    /// for releases anchored at annotated nodes of documents a fix has already edited: the new solution's trees hold
    /// their own copies of the roots, so the annotated nodes are looked up in those.
    /// </summary>
    public static async Task<Solution> AddAtAnnotationsAsync(
        Solution edited,
        IReadOnlyList<(DocumentId Document, SyntaxAnnotation Annotation, string Release)> releases,
        CancellationToken cancellationToken)
    {
        var anchored = new List<(DocumentId, SyntaxNode, string)>();
        foreach (var (documentId, annotation, release) in releases)
        {
            if (edited.GetDocument(documentId) is { } document
                && (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))?.GetAnnotatedNodes(annotation).FirstOrDefault() is { } node)
            {
                anchored.Add((documentId, node, release));
            }
        }

        return await AddAsync(edited, anchored, releases.Select(r => r.Document).Distinct(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies every release in scope in one pass per document, the static constructors' included: the constructor of a
    /// partial type may be in another document than its fields, and one constructor per type must result. The nodes
    /// belong to <paramref name="solution"/>; <paramref name="changed"/> are documents already edited (cleaned up too).
    /// </summary>
    public static async Task<Solution> AddAsync(
        Solution solution,
        IReadOnlyList<(DocumentId Document, SyntaxNode Node, string Release)> releases,
        IEnumerable<DocumentId> changed,
        CancellationToken cancellationToken)
    {
        var inMembers = releases.Where(r => CanAttachInMember(r.Node)).ToList();
        var targets = await StaticConstructorRelease.PlanAsync(
                solution,
                releases.Where(r => Anchor(r.Node) is FieldDeclarationSyntax).Select(r => (r.Document, (FieldDeclarationSyntax)Anchor(r.Node)!, r.Release)),
                cancellationToken)
            .ConfigureAwait(false);

        // Every document is edited from its tree in the given solution (the nodes belong to it), then put into the result.
        var result = solution;
        foreach (var documentId in changed.Concat(inMembers.Select(r => r.Document)).Concat(targets.Select(t => t.Document)).Distinct().ToList())
        {
            if (solution.GetDocument(documentId) is not { } document)
            {
                continue;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            AddInMembers(editor, inMembers.Where(r => r.Document == documentId).Select(r => (r.Node, r.Release)), cancellationToken);
            foreach (var target in targets.Where(t => t.Document == documentId))
            {
                StaticConstructorRelease.Apply(editor, target, cancellationToken);
            }

            var fixedDocument = await CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentSyntaxRoot(documentId, (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
        }

        return result;
    }

    /// <summary><c>AssemblyLoadContext.GetLoadContext(typeof(Type).Assembly)!.Unloading += _ => release;</c>, to be simplified.</summary>
    public static StatementSyntax Subscription(string typeName, string release)
        => SyntaxFactory.ParseStatement(
                $"global::System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof({typeName}).Assembly)!.Unloading += _ => {release};")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>Whether <paramref name="statement"/> is an <c>... .Unloading += ...;</c> subscription.</summary>
    public static bool IsSubscription(StatementSyntax statement)
        => statement is ExpressionStatementSyntax
        {
            Expression: AssignmentExpressionSyntax
            {
                RawKind: (int)SyntaxKind.AddAssignmentExpression,
                Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Unloading" },
            },
        };

    /// <summary>
    /// Applies every release placed in a member in one pass (so Fix All adds one using directive and never overlaps
    /// edits). Releases of static field initializers are left out: they need the solution (<see cref="AddAsync(Solution, IReadOnlyList{ValueTuple{DocumentId, SyntaxNode, string}}, IEnumerable{DocumentId}, CancellationToken)"/>).
    /// </summary>
    public static async Task<Document> AddAsync(
        Document document,
        IEnumerable<(SyntaxNode Node, string Release)> releases,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        AddInMembers(editor, releases, cancellationToken);
        return await CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static void AddInMembers(DocumentEditor editor, IEnumerable<(SyntaxNode Node, string Release)> releases, CancellationToken cancellationToken)
    {
        var model = editor.SemanticModel;
        foreach (var (node, release) in releases)
        {
            if (Anchor(node) is not { } anchor
                || anchor is FieldDeclarationSyntax
                || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } typeSyntax
                || model.GetDeclaredSymbol(typeSyntax, cancellationToken) is not { } type)
            {
                continue;
            }

            var statement = Subscription(type.ToMinimalDisplayString(model, node.SpanStart), release);
            if (anchor is StatementSyntax existing)
            {
                // Own line, same indentation as the anchor; the formatter is kept away from the user's neighbouring trivia.
                var newLine = existing.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var indentation = existing.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                editor.InsertAfter(existing, statement
                    .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                    .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticLineFeed : newLine));
            }
            else
            {
                editor.ReplaceNode(anchor, (current, _) => ToBlockBody(current, statement.WithAdditionalAnnotations(Formatter.Annotation)));
            }
        }
    }

    /// <summary>Adds the using directives the annotated nodes need, shortens global:: names, formats only what was added.</summary>
    public static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The statement to insert after (a statement directly in a block), or an expression-bodied void method,
    /// constructor or local function to turn into a block, or the declaration of a static field of a class, struct or
    /// record whose initializer holds the node (the release goes to the static constructor: static field initializers run
    /// before its body). Null where a statement cannot go (an instance field or interface initializer, a lambda).
    /// </summary>
    private static SyntaxNode? Anchor(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case StatementSyntax statement when statement.Parent is BlockSyntax:
                    return statement;
                case FieldDeclarationSyntax field
                    when field.Modifiers.Any(SyntaxKind.StaticKeyword)
                         && field.Parent is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax:
                    return field;
                case StatementSyntax:
                case AnonymousFunctionExpressionSyntax:
                case MemberDeclarationSyntax and not BaseMethodDeclarationSyntax:
                    return null;
                case ArrowExpressionClauseSyntax arrow:
                    return VoidArrowMember(arrow);
            }
        }

        return null;
    }

    private static SyntaxNode ToBlockBody(SyntaxNode member, StatementSyntax release)
        => ExpressionBody(member) is { } arrow
            ? WithBlockBody(member, new[] { SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()), release })
            : member;

    /// <summary>The <c>=&gt; expression</c> of a method, constructor or local function.</summary>
    public static ArrowExpressionClauseSyntax? ExpressionBody(SyntaxNode member) => member switch
    {
        BaseMethodDeclarationSyntax method => method.ExpressionBody,
        LocalFunctionStatementSyntax local => local.ExpressionBody,
        _ => null,
    };

    /// <summary>
    /// Replaces the expression body of a method, constructor or local function by a block of <paramref name="statements"/>,
    /// laid out by the formatter; the comment after the old semicolon stays after the block.
    /// </summary>
    public static SyntaxNode WithBlockBody(SyntaxNode member, IEnumerable<StatementSyntax> statements)
    {
        var semicolon = member switch
        {
            BaseMethodDeclarationSyntax method => method.SemicolonToken,
            LocalFunctionStatementSyntax local => local.SemicolonToken,
            _ => default,
        };
        var body = SyntaxFactory.Block(statements)
            .WithTrailingTrivia(semicolon.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return member switch
        {
            BaseMethodDeclarationSyntax method => method
                .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(body),
            LocalFunctionStatementSyntax local => local
                .WithParameterList(local.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(body),
            _ => member,
        };
    }

    /// <summary>An expression-bodied <c>void</c> method, constructor or <c>void</c> local function whose body is <paramref name="arrow"/>.</summary>
    public static SyntaxNode? VoidArrowMember(ArrowExpressionClauseSyntax arrow) => arrow.Parent switch
    {
        MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } method => method,
        ConstructorDeclarationSyntax constructor => constructor,
        LocalFunctionStatementSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } local => local,
        _ => null,
    };

    /// <summary>The code that names a resource stored by an assignment or a declaration, as written.</summary>
    public static string? StoredName(SyntaxNode creation)
    {
        var value = creation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Right == value => assignment.Left.WithoutTrivia().ToString(),
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>Groups diagnostics by their fixable node, in document order (deterministic Fix All).</summary>
    public static IEnumerable<SyntaxNode> Nodes(SyntaxNode root, IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true))
            .OrderBy(n => n.SpanStart);
}
