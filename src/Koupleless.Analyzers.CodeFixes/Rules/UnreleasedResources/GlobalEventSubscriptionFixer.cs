using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
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
public sealed class GlobalEventSubscriptionFixer : UnloadingReleaseFixer
{
    public const string RemoveOnUnloadKey = "KPL3003.RemoveOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalEventSubscription);

    protected override string Title => "Remove the handler when the module unloads";

    protected override string EquivalenceKey => RemoveOnUnloadKey;

    protected override string? Release(SyntaxNode node)
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
