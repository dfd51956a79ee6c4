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
/// <c>var registration = ...;</c> (the statement's trivia kept) — a release needs something to call — then every site
/// gets its <c>Unloading += _ => x.Release();</c> through <see cref="UnloadingRelease"/>. Both passes cover all sites of
/// a document at once, so Fix All adds one using directive and picks distinct names.
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
    {
        var parent = node.Parent;
        if (parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == node)
        {
            parent = discard.Parent;
        }

        return parent is ExpressionStatementSyntax { Parent: BlockSyntax } statement ? statement : null;
    }

    public static async Task<Document> ApplyAsync(Document document, IEnumerable<Site> sites, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var releases = new List<(SyntaxAnnotation Annotation, string Release)>();
        var taken = new HashSet<(SyntaxNode Member, string Name)>();
        foreach (var site in sites.OrderBy(s => s.Node.SpanStart))
        {
            var annotation = new SyntaxAnnotation(AnnotationKind);
            if (site.Release is { } release)
            {
                editor.ReplaceNode(site.Node, (current, _) => current.WithAdditionalAnnotations(annotation));
                releases.Add((annotation, release));
            }
            else if (Statement(site.Node) is { } statement)
            {
                var name = FreeName(editor.SemanticModel, statement, site.BaseName, taken, cancellationToken);
                editor.ReplaceNode(statement, StoreInLocal(statement, site.Node, name, annotation));
                releases.Add((annotation, name + "." + site.DroppedCall));
            }
        }

        var stored = editor.GetChangedDocument();
        var storedRoot = await stored.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (storedRoot is null)
        {
            return document;
        }

        var anchored = releases
            .Select(r => (Node: storedRoot.GetAnnotatedNodes(r.Annotation).FirstOrDefault(), r.Release))
            .Where(r => r.Node is not null)
            .Select(r => (r.Node!, r.Release))
            .ToList();
        return await UnloadingRelease.AddAsync(stored, anchored, cancellationToken).ConfigureAwait(false);
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
    private static string FreeName(SemanticModel model, SyntaxNode statement, string baseName, HashSet<(SyntaxNode, string)> taken, CancellationToken cancellationToken)
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
