using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3003: remove the handler in the module's AssemblyLoadContext.Unloading event, right after the subscription. A
/// handler that can be named again (a method group, a field, a local, a parameter) is removed as written. A lambda is a
/// new delegate each time it is evaluated, so writing it again would remove nothing: it is first kept in a local of the
/// event's delegate type (evaluated at the same point, capturing the same variables), which is subscribed and removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GlobalEventSubscriptionFixer)), Shared]
public sealed class GlobalEventSubscriptionFixer : CodeFixProvider
{
    public const string RemoveOnUnloadKey = "KPL3003.RemoveOnUnload";

    private const string Title = "Remove the handler when the module unloads";
    private const string AnnotationKind = "Koupleless.HandlerLocal";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalEventSubscription);

    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(Title, (solution, sites, ct) => ApplyAsync(solution, sites.Select(s => (s.Document, (IEnumerable<Diagnostic>)s.Diagnostics)), ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Site(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            var scope = new[] { (context.Document, (IEnumerable<Diagnostic>)new[] { diagnostic }) };
            context.RegisterCodeFix(CodeAction.Create(Title, ct => ApplyAsync(context.Document.Project.Solution, scope, ct), RemoveOnUnloadKey), diagnostic);
        }
    }

    /// <summary>A subscription the fix handles: its release, or (<see cref="HandlerSite.Release"/> null) a lambda to keep in a local first.</summary>
    private sealed record HandlerSite(AssignmentExpressionSyntax Subscription, string? Release, ITypeSymbol? DelegateType);

    private static HandlerSite? Site(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription
            || !UnloadingRelease.CanAttach(subscription))
        {
            return null;
        }

        var handler = subscription.Right;
        while (handler is ParenthesizedExpressionSyntax parenthesized)
        {
            handler = parenthesized.Expression;
        }

        if (handler is IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax)
        {
            return new HandlerSite(subscription, $"{subscription.Left.WithoutTrivia()} -= {handler.WithoutTrivia()}", null);
        }

        // A lambda: only where a local can be declared right before the subscription.
        return handler is AnonymousFunctionExpressionSyntax
            && subscription.Parent is ExpressionStatementSyntax { Parent: BlockSyntax }
            && subscription.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not null
            && model.GetSymbolInfo(subscription.Left, cancellationToken).Symbol is IEventSymbol { Type.TypeKind: TypeKind.Delegate } @event
                ? new HandlerSite(subscription, null, @event.Type)
                : null;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, IEnumerable<Diagnostic> Diagnostics)> scope, CancellationToken cancellationToken)
    {
        var stored = solution;
        var releases = new List<(DocumentId Document, SyntaxAnnotation Annotation, string Release)>();
        foreach (var (document, diagnostics) in scope)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var taken = new HashSet<(SyntaxNode, string)>();
            var sites = diagnostics.Select(d => Site(editor.OriginalRoot, editor.SemanticModel, d, cancellationToken)).OfType<HandlerSite>()
                .GroupBy(s => s.Subscription).Select(g => g.First()).OrderBy(s => s.Subscription.SpanStart);
            foreach (var site in sites)
            {
                var annotation = new SyntaxAnnotation(AnnotationKind);
                if (site.Release is { } release)
                {
                    editor.ReplaceNode(site.Subscription, (current, _) => current.WithAdditionalAnnotations(annotation));
                    releases.Add((document.Id, annotation, release));
                    continue;
                }

                var statement = (ExpressionStatementSyntax)site.Subscription.Parent!;
                var eventName = site.Subscription.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : site.Subscription.Left.ToString();
                var name = DroppedResultLocal.FreeName(editor.SemanticModel, statement, "on" + eventName, taken, cancellationToken);
                // EventHandler, not EventHandler?: the local always holds the lambda.
                var typeName = site.DelegateType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToMinimalDisplayString(editor.SemanticModel, statement.SpanStart);
                var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                var newLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var local = SyntaxFactory.ParseStatement($"{typeName} {name} = {site.Subscription.Right.WithoutTrivia()};")
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticLineFeed : newLine);
                var subscription = statement.WithExpression(site.Subscription.WithRight(SyntaxFactory.IdentifierName(name)).WithAdditionalAnnotations(annotation))
                    .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
                editor.InsertBefore(statement, local);
                editor.ReplaceNode(statement, subscription);
                releases.Add((document.Id, annotation, $"{site.Subscription.Left.WithoutTrivia()} -= {name}"));
            }

            if (await editor.GetChangedDocument().GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
            {
                stored = stored.WithDocumentSyntaxRoot(document.Id, root);
            }
        }

        return await UnloadingRelease.AddAtAnnotationsAsync(stored, releases, cancellationToken).ConfigureAwait(false);
    }
}
