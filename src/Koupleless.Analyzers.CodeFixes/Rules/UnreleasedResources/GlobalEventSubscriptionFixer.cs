using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3003: remove the handler in the module's AssemblyLoadContext.Unloading event, right after the subscription.
/// Offered for handlers that can be named again (a method group, a field, a local, a parameter); a lambda is a new
/// delegate each time and cannot be removed by writing it again.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GlobalEventSubscriptionFixer)), Shared]
public sealed class GlobalEventSubscriptionFixer : CodeFixProvider
{
    public const string RemoveOnUnloadKey = "KPL3003.RemoveOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalEventSubscription);

    public override FixAllProvider GetFixAllProvider() => new UnloadingReleaseFixAll(Release);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (Release(node) is not { } release || !UnloadingRelease.CanAttach(node))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the handler when the module unloads",
                    ct => UnloadingRelease.AddAsync(context.Document, new[] { (node, release) }, ct),
                    RemoveOnUnloadKey),
                diagnostic);
        }
    }

    private static string? Release(SyntaxNode node)
    {
        if (node is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } subscription)
        {
            return null;
        }

        var handler = subscription.Right;
        while (handler is ParenthesizedExpressionSyntax parenthesized)
        {
            handler = parenthesized.Expression;
        }

        return handler is IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax
            ? $"{subscription.Left.WithoutTrivia()} -= {handler.WithoutTrivia()}"
            : null;
    }
}
