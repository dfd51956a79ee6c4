using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Internals;

/// <summary>The few syntactic facts the static-state rules need about a declaration (no semantic model involved).</summary>
internal static class StaticStateSyntax
{
    /// <summary><c>static object _gate = new object();</c> (or <c>new()</c>): the classic lock object.</summary>
    public static bool HasPlainObjectInitializer(IFieldSymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value })
            {
                switch (value)
                {
                    case ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null }:
                        return true;
                    case ObjectCreationExpressionSyntax { Initializer: null } creation
                        when (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0) && IsObjectTypeName(creation.Type):
                        return true;
                }
            }
        }

        return false;
    }

    private static bool IsObjectTypeName(TypeSyntax type) => type switch
    {
        PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword),
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Object",
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Object",
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText == "Object",
        _ => false,
    };

    /// <summary>An auto-property: one whose accessors have no body (the compiler adds a hidden backing field).</summary>
    public static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return !property.IsAbstract && !property.IsExtern;
    }
}
