using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// A <c>static readonly</c> array field made empty (<c>new T[0]</c>, <c>new T[] { }</c>, <c>Array.Empty&lt;T&gt;()</c>,
/// <c>[]</c>): it has no element to store into, so nothing can change or fill it. The flow may still see a store reach one (it follows may-aliases, such as an array that is either the empty one or a new one), so it is
/// exempt by what it holds. Measured wrong on a released package: MassTransit's <c>EmptyArray&lt;T&gt;.Value</c> (KPL1001).
/// </summary>
internal static class EmptyArrayValue
{
    public static bool Holds(ISymbol storage, System.Threading.CancellationToken cancellationToken)
    {
        // The field's type, not the initializer, says it is an array: `[]` also makes an empty Hashtable or list.
        if (storage is not IFieldSymbol { IsStatic: true, IsReadOnly: true, Type: IArrayTypeSymbol } field)
        {
            return false;
        }

        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value } && IsEmptyArray(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEmptyArray(ExpressionSyntax value) => value switch
    {
        ArrayCreationExpressionSyntax array => IsEmpty(array.Initializer) ?? HasZeroLength(array.Type),
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count == 0,
        CollectionExpressionSyntax collection => collection.Elements.Count == 0,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var owner, Name: GenericNameSyntax { Identifier.ValueText: "Empty" } }, ArgumentList.Arguments.Count: 0 }
            => owner is IdentifierNameSyntax { Identifier.ValueText: "Array" } || owner is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Array" },
        _ => false,
    };

    private static bool? IsEmpty(InitializerExpressionSyntax? initializer) => initializer is null ? null : initializer.Expressions.Count == 0;

    private static bool HasZeroLength(ArrayTypeSyntax type)
        => type.RankSpecifiers.Count == 1 && type.RankSpecifiers[0].Sizes is { Count: 1 } sizes
            && sizes[0] is LiteralExpressionSyntax { Token.Value: 0 };
}
