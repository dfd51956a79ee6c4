using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Whether a compilation frees a GC handle it gets back from a cookie: <c>GCHandle.FromIntPtr(p).Free()</c>,
/// <c>((GCHandle)p).Free()</c>, or a local assigned from either and then freed (<c>Dispose()</c> for the typed handles).
/// The native callback that does it may sit in any type (a static class of callbacks), and which cookie it gets back is
/// only known at run time; so any such free in the compilation counts for every cookie: silence over a guess.
/// Syntactic on purpose: computed once per compilation, only when some handle of it goes out as a cookie.
/// </summary>
internal static class CookieFrees
{
    public static bool AnyIn(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var text = tree.GetText(cancellationToken).ToString();
            if (!text.Contains("FromIntPtr") && !text.Contains("GCHandle)"))
            {
                continue;
            }

            foreach (var invocation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Free" or "Dispose" } release
                    && IsHandleFromCookie(Unparenthesized(release.Expression), invocation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHandleFromCookie(ExpressionSyntax handle, SyntaxNode use) => handle switch
    {
        IdentifierNameSyntax local => AssignedFromCookie(local.Identifier.ValueText, use),
        _ => IsFromCookie(handle),
    };

    /// <summary><c>X.FromIntPtr(p)</c>, or a cast of an IntPtr to <c>GCHandle</c>.</summary>
    private static bool IsFromCookie(ExpressionSyntax expression) => Unparenthesized(expression) switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromIntPtr" } } => true,
        CastExpressionSyntax { Type: var type } => RightmostName(type) == "GCHandle",
        _ => false,
    };

    /// <summary>Whether the member containing <paramref name="use"/> declares or assigns <paramref name="name"/> from a cookie.</summary>
    private static bool AssignedFromCookie(string name, SyntaxNode use)
    {
        var member = use.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null)
        {
            return false;
        }

        foreach (var node in member.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: var value } declarator
                    when declarator.Identifier.ValueText == name && IsFromCookie(value):
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target, Right: var assigned }
                    when node.IsKind(SyntaxKind.SimpleAssignmentExpression) && target.Identifier.ValueText == name && IsFromCookie(assigned):
                    return true;
            }
        }

        return false;
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }
}
