using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>Finds the static member an expression's value comes from (<c>Cache</c> in <c>Cache[key] = v</c>).</summary>
internal static class StaticReceivers
{
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => operation,
            };
        }

        return operation;
    }

    /// <summary>The receiver of a call: the instance, or the <c>this</c> argument of an extension method.</summary>
    public static IOperation? ReceiverOf(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return Unwrap(instance);
        }

        if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            return Unwrap(invocation.Arguments[0].Value);
        }

        return null;
    }

    /// <summary>
    /// The static field a reference names, directly (<c>_cache</c>) or through a static get-only auto-property
    /// declared in source (<c>Items { get; } = new()</c> — its hidden backing field is a static readonly field).
    /// </summary>
    public static bool TryGetStaticStorage(IOperation? operation, out ISymbol storage, out ITypeSymbol? type)
    {
        switch (Unwrap(operation))
        {
            case IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } field }:
                storage = field;
                type = field.Type;
                return true;
            case IPropertyReferenceOperation { Property: { IsStatic: true, IsIndexer: false, SetMethod: null } property }
                when StaticStateSyntax.IsAutoProperty(property):
                storage = property;
                type = property.Type;
                return true;
            default:
                storage = null!;
                type = null;
                return false;
        }
    }
}
