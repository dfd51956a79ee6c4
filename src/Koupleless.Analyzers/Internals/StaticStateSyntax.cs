using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Internals;

/// <summary>The few syntactic facts the static-state rules need about a declaration (no semantic model involved).</summary>
internal static class StaticStateSyntax
{
    /// <summary>
    /// The expression a static field or property is initialised with where it is declared (<c>= new object()</c>,
    /// <c>{ get; } = new()</c>), or null. A property's backing field has no declaring syntax, so it has none here.
    /// </summary>
    public static ExpressionSyntax? Initializer(ISymbol storage, CancellationToken cancellationToken = default)
    {
        foreach (var reference in storage.DeclaringSyntaxReferences)
        {
            var value = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The assignments in the static constructor of the field's (or property's) own type whose target is named like it
    /// (<c>Field = ...</c>, <c>Type.Field = ...</c>): by name only; a caller with a semantic model checks the symbol.
    /// </summary>
    public static IEnumerable<AssignmentExpressionSyntax> StaticConstructorAssignments(ISymbol field, CancellationToken cancellationToken = default)
        => field.ContainingType.StaticConstructors
            .SelectMany(constructor => constructor.DeclaringSyntaxReferences)
            .SelectMany(reference => reference.GetSyntax(cancellationToken).DescendantNodes().OfType<AssignmentExpressionSyntax>())
            .Where(assignment => assignment.Left switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == field.Name,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == field.Name,
                _ => false,
            });

    /// <summary><c>static object _gate = new object();</c> (or <c>new()</c>): the classic lock object.</summary>
    public static bool HasPlainObjectInitializer(IFieldSymbol field) => Initializer(field) switch
    {
        ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null } => true,
        ObjectCreationExpressionSyntax { Initializer: null } creation
            => (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0) && IsObjectTypeName(creation.Type),
        _ => false,
    };

    /// <summary>
    /// An array field made empty where it is declared: <c>new T[0]</c>, <c>new T[] { }</c>, <c>Array.Empty&lt;T&gt;()</c>,
    /// <c>[]</c>. The field's type, not the initializer, says it is an array: <c>[]</c> also makes an empty Hashtable.
    /// </summary>
    public static bool HasEmptyArrayInitializer(IFieldSymbol field) => field.Type is IArrayTypeSymbol && (Initializer(field) switch
    {
        ArrayCreationExpressionSyntax array => array.Initializer is { } items ? items.Expressions.Count == 0 : HasZeroLength(array.Type),
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count == 0,
        CollectionExpressionSyntax collection => collection.Elements.Count == 0,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var owner, Name: GenericNameSyntax { Identifier.ValueText: "Empty" } }, ArgumentList.Arguments.Count: 0 }
            => owner is IdentifierNameSyntax { Identifier.ValueText: "Array" } || owner is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Array" },
        _ => false,
    });

    /// <summary>A field initialised with a literal (<c>= false</c>, <c>= -1</c>, <c>= "none"</c>), boxed when the field is an <c>object</c>.</summary>
    public static bool HasLiteralInitializer(IFieldSymbol field) => Initializer(field) switch
    {
        LiteralExpressionSyntax literal => !literal.IsKind(SyntaxKind.NullLiteralExpression) && !literal.IsKind(SyntaxKind.DefaultLiteralExpression),
        PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax } negated => negated.IsKind(SyntaxKind.UnaryMinusExpression),
        _ => false,
    };

    private static bool HasZeroLength(ArrayTypeSyntax type)
        => type.RankSpecifiers.Count == 1 && type.RankSpecifiers[0].Sizes is { Count: 1 } sizes
            && sizes[0] is LiteralExpressionSyntax { Token.Value: 0 };

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
