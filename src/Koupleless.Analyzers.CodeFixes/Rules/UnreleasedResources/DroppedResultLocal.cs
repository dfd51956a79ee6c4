using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Release on unload for resources that may have been dropped (KPL3005, KPL3006): a dropped one first becomes
/// <c>var registration = ...;</c> (the statement's trivia kept; a void expression body becomes a block holding it) — a
/// release needs something to call — then every site gets its <c>Unloading += _ => x.Release();</c> through
/// <see cref="UnloadingRelease"/>. Both passes cover all sites in scope at once, so Fix All adds one using directive per
/// document, picks distinct names and gives a type one static constructor.
/// </summary>
internal static class DroppedResultLocal
{
    private const string AnnotationKind = "Koupleless.DroppedResultLocal.Site";

    /// <summary>
    /// One site: a stored resource released by <see cref="Release"/>, or (<see cref="Release"/> null) a dropped one kept
    /// in a new local named after <see cref="BaseName"/> and released by <c>local.</c><see cref="DroppedCall"/>.
    /// </summary>
    public readonly record struct Site(SyntaxNode Node, string? Release, string BaseName, string DroppedCall)
    {
        public static Site Stored(SyntaxNode node, string release) => new(node, release, string.Empty, string.Empty);

        public static Site Dropped(SyntaxNode node, string baseName, string call) => new(node, null, baseName, call);
    }

    /// <summary>The statement that drops <paramref name="node"/>'s value: <c>Call(...);</c> or <c>_ = Call(...);</c>, directly in a block.</summary>
    public static ExpressionStatementSyntax? Statement(SyntaxNode node)
        => Dropping(node).Parent is ExpressionStatementSyntax { Parent: BlockSyntax } statement ? statement : null;

    /// <summary>
    /// The expression-bodied <c>void</c> method, constructor or local function whose whole body drops <paramref name="node"/>'s
    /// value (<c>void Start() =&gt; Call(...);</c>): its body becomes a block holding the new local and the release.
    /// </summary>
    public static SyntaxNode? ArrowMember(SyntaxNode node)
        => Dropping(node) is var dropping && dropping.Parent is ArrowExpressionClauseSyntax arrow && arrow.Expression == dropping
            ? UnloadingRelease.VoidArrowMember(arrow)
            : null;

    /// <summary>Whether a dropped <paramref name="node"/> can be kept in a new local (a statement of a block, or a whole expression body).</summary>
    public static bool CanStore(SyntaxNode node) => Statement(node) is not null || ArrowMember(node) is not null;

    /// <summary><paramref name="node"/>, or the <c>_ = node</c> discard holding it.</summary>
    private static SyntaxNode Dropping(SyntaxNode node)
        => node.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == node
            ? discard
            : node;

    /// <summary>
    /// All sites in scope: the locals per document first, then every release in one solution edit (a static field's
    /// release may go to a static constructor in another document of a partial type).
    /// </summary>
    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, IEnumerable<Site> Sites)> scope, CancellationToken cancellationToken)
    {
        var stored = solution;
        var releases = new List<(DocumentId Document, SyntaxAnnotation Annotation, string Release)>();
        foreach (var (document, sites) in scope)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var taken = new HashSet<(SyntaxNode Member, string Name)>();
            foreach (var site in sites.OrderBy(s => s.Node.SpanStart))
            {
                var annotation = new SyntaxAnnotation(AnnotationKind);
                if (site.Release is { } release)
                {
                    editor.ReplaceNode(site.Node, (current, _) => current.WithAdditionalAnnotations(annotation));
                    releases.Add((document.Id, annotation, release));
                }
                else if (Statement(site.Node) is { } statement)
                {
                    var name = FreeName(editor.SemanticModel, statement, site.BaseName, taken, cancellationToken);
                    editor.ReplaceNode(statement, StoreInLocal(statement, site.Node, name, annotation));
                    releases.Add((document.Id, annotation, name + "." + site.DroppedCall));
                }
                else if (ArrowMember(site.Node) is { } member)
                {
                    // The local becomes the block's first statement; the release is inserted after it like after any other.
                    var name = FreeName(editor.SemanticModel, site.Node, site.BaseName, taken, cancellationToken);
                    var local = StoreInLocal(SyntaxFactory.ExpressionStatement((ExpressionSyntax)Dropping(site.Node)), site.Node, name, annotation);
                    editor.ReplaceNode(member, (current, _) => UnloadingRelease.WithBlockBody(current, new StatementSyntax[] { local }));
                    releases.Add((document.Id, annotation, name + "." + site.DroppedCall));
                }
            }

            var root = await editor.GetChangedDocument().GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is not null)
            {
                stored = stored.WithDocumentSyntaxRoot(document.Id, root);
            }
        }

        return await UnloadingRelease.AddAtAnnotationsAsync(stored, releases, cancellationToken).ConfigureAwait(false);
    }

    private static LocalDeclarationStatementSyntax StoreInLocal(ExpressionStatementSyntax statement, SyntaxNode registration, string name, SyntaxAnnotation annotation)
    {
        var value = ((ExpressionSyntax)registration).WithoutTrivia().WithAdditionalAnnotations(annotation);
        var declarator = SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(default, name, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
            .WithInitializer(SyntaxFactory.EqualsValueClause(
                SyntaxFactory.Token(default, SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                value));
        var type = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, "var", SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        return SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(type, SyntaxFactory.SingletonSeparatedList(declarator)))
            .WithSemicolonToken(statement.SemicolonToken)
            .WithLeadingTrivia(statement.GetLeadingTrivia());
    }

    /// <summary>A local name free in the member: not declared anywhere in it, not visible there, not picked by this fix already.</summary>
    internal static string FreeName(SemanticModel model, SyntaxNode statement, string baseName, HashSet<(SyntaxNode, string)> taken, CancellationToken cancellationToken)
    {
        var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)statement;
        var declared = new HashSet<string>(member.DescendantNodes().Select(DeclaredName).Where(n => n is not null)!);
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? baseName : baseName + i;
            if (!declared.Contains(candidate)
                && !taken.Contains((member, candidate))
                && model.LookupSymbols(statement.SpanStart, name: candidate).IsEmpty)
            {
                taken.Add((member, candidate));
                return candidate;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
        SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
        ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
        ParameterSyntax parameter => parameter.Identifier.ValueText,
        CatchDeclarationSyntax @catch => @catch.Identifier.ValueText,
        LocalFunctionStatementSyntax function => function.Identifier.ValueText,
        _ => null,
    };
}
