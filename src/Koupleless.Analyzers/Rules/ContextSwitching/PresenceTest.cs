using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// A value of the host (its entry assembly, its base directory) only tested for being there — compared with
/// <c>null</c>, matched by <c>is null</c>/<c>is not null</c>, or given to <c>string.IsNullOrEmpty</c>/
/// <c>IsNullOrWhiteSpace</c>. A process has both whether the code runs as a module or alone, so the test answers the
/// same and nothing of the host is used (measured wrong on released packages: Cosmos asks
/// <c>GetEntryAssembly() != null</c> before reading its settings; Quartz and Serilog guard the base directory before
/// the use that is reported on the next line).
/// </summary>
internal static class PresenceTest
{
    public static bool IsOnlyTested(SyntaxNode expression, SemanticModel model)
    {
        var node = Unwrapped(expression);
        return node.Parent switch
        {
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)
                => IsNull(binary.Left == node ? binary.Right : binary.Left, model),
            IsPatternExpressionSyntax pattern => IsNullPattern(pattern.Pattern),
            ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
                => model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String },
            _ => false,
        };
    }

    /// <summary>The expression as its parent sees it: through parentheses and casts (the decompiler writes <c>(object)x == null</c>).</summary>
    private static SyntaxNode Unwrapped(SyntaxNode expression)
    {
        var node = expression;
        while (node.Parent is ParenthesizedExpressionSyntax || node.Parent is CastExpressionSyntax cast && cast.Expression == node)
        {
            node = node.Parent;
        }

        return node;
    }

    private static bool IsNull(ExpressionSyntax other, SemanticModel model)
        => model.GetConstantValue(other) is { HasValue: true, Value: null };

    private static bool IsNullPattern(PatternSyntax pattern) => pattern switch
    {
        ConstantPatternSyntax constant => constant.Expression.IsKind(SyntaxKind.NullLiteralExpression),
        UnaryPatternSyntax { Pattern: ConstantPatternSyntax constant } => constant.Expression.IsKind(SyntaxKind.NullLiteralExpression),
        _ => false,
    };
}
