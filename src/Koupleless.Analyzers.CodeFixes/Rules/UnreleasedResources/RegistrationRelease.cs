using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// The KPL3005 edits: a dropped registration becomes <c>var subscription = ...;</c> (the statement's trivia kept), then
/// every registration gets its <c>Unloading += _ => x.Dispose();</c> through <see cref="UnloadingRelease"/>. Both
/// passes cover all diagnostics of a document at once, so Fix All adds one using directive and picks distinct names.
/// </summary>
internal static class RegistrationRelease
{
    private const string AnnotationKind = "Koupleless.KPL3005.Registration";

    public static bool CanFix(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return IsFixable(node, diagnostic);
    }

    /// <summary>
    /// The release names the containing type (<c>typeof(Containing).Assembly</c>), so top-level statements get no fix:
    /// storing a dropped registration without releasing it would be half a fix.
    /// </summary>
    private static bool IsFixable(SyntaxNode node, Diagnostic diagnostic)
    {
        if (node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null)
        {
            return false;
        }

        return Storage(diagnostic) == nameof(StorageKind.Dropped)
            ? DroppedStatement(node, diagnostic) is not null
            : ReleaseOfStored(node, diagnostic) is not null && UnloadingRelease.CanAttach(node);
    }

    public static async Task<Document> ApplyAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var releases = new List<(SyntaxAnnotation Annotation, string Release)>();
        var taken = new HashSet<(SyntaxNode Member, string Name)>();
        var found = diagnostics
            .Select(d => (Diagnostic: d, Node: root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)))
            .OrderBy(f => f.Node.SpanStart);
        foreach (var (diagnostic, node) in found)
        {
            if (!IsFixable(node, diagnostic))
            {
                continue;
            }

            var annotation = new SyntaxAnnotation(AnnotationKind);
            if (Storage(diagnostic) == nameof(StorageKind.Dropped))
            {
                var statement = DroppedStatement(node, diagnostic)!;
                var name = FreeName(editor.SemanticModel, statement, BaseName(node), taken, cancellationToken);
                editor.ReplaceNode(statement, StoreInLocal(statement, node, name, annotation));
                releases.Add((annotation, name + ".Dispose()"));
            }
            else if (ReleaseOfStored(node, diagnostic) is { } release)
            {
                editor.ReplaceNode(node, (current, _) => current.WithAdditionalAnnotations(annotation));
                releases.Add((annotation, release));
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

    private static string? Storage(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UndisposedListenerRegistrationAnalyzer.StorageProperty, out var storage) ? storage : null;

    private static string? Resource(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UndisposedListenerRegistrationAnalyzer.ResourceProperty, out var resource) ? resource : null;

    /// <summary>What to dispose for a registration kept in a field or local: the stored value, or the ActivityListener argument.</summary>
    private static string? ReleaseOfStored(SyntaxNode node, Diagnostic diagnostic)
    {
        if (Resource(diagnostic) == nameof(RegistrationResource.Argument))
        {
            var argument = node is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count == 1
                ? invocation.ArgumentList.Arguments[0].Expression
                : null;
            return argument is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                ? argument.WithoutTrivia() + ".Dispose()"
                : null;
        }

        return UnloadingRelease.StoredName(node) is { } name ? name + ".Dispose()" : null;
    }

    /// <summary>
    /// The statement that drops the registration: <c>Register(...);</c> or <c>_ = Register(...);</c>, directly in a block.
    /// Not for <c>AddActivityListener(new ActivityListener())</c>: the listener, not the call's result, needs a name.
    /// </summary>
    private static ExpressionStatementSyntax? DroppedStatement(SyntaxNode node, Diagnostic diagnostic)
    {
        if (Resource(diagnostic) == nameof(RegistrationResource.Argument))
        {
            return null;
        }

        var parent = node.Parent;
        if (parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == node)
        {
            parent = discard.Parent;
        }

        return parent is ExpressionStatementSyntax { Parent: BlockSyntax } statement ? statement : null;
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

    private static string BaseName(SyntaxNode registration) => registration switch
    {
        BaseObjectCreationExpressionSyntax => "listener",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Subscribe" } } => "subscription",
        _ => "registration",
    };

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
