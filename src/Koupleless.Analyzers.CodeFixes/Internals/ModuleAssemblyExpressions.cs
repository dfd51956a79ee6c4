using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>
/// Expressions that name the module's own assembly from inside it: <c>typeof(Containing).Assembly</c> is loaded in the
/// module's context, so its load context and its Location are the module's, never the base's.
/// </summary>
internal static class ModuleAssemblyExpressions
{
    /// <summary><c>typeof(Containing)</c> for the type declaration around <paramref name="node"/>; null outside any type.</summary>
    public static TypeOfExpressionSyntax? TypeOfContaining(SyntaxNode node, SemanticModel model)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is TypeDeclarationSyntax declaration && model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
            {
                var name = type.ToMinimalDisplayString(model, node.SpanStart);
                return SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(name));
            }
        }

        return null;
    }

    /// <summary>Parses <paramref name="template"/> and puts <paramref name="holes"/> in place of the identifiers __0, __1, …</summary>
    public static ExpressionSyntax Fill(string template, params ExpressionSyntax[] holes)
    {
        var expression = SyntaxFactory.ParseExpression(template);
        return expression.ReplaceNodes(
            expression.DescendantNodes().OfType<IdentifierNameSyntax>().Where(IsHole),
            (original, _) => holes[int.Parse(original.Identifier.ValueText.Substring(2), System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static bool IsHole(IdentifierNameSyntax identifier) => identifier.Identifier.ValueText.StartsWith("__", System.StringComparison.Ordinal);
}
