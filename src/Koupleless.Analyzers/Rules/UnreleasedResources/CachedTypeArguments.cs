using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Which types a serializer or TypeDescriptor call will cache metadata for, as far as the call site shows them:
/// the method's type arguments (<c>Deserialize&lt;Widget&gt;</c>), <c>typeof(X)</c> or <c>x.GetType()</c> passed as a
/// <c>Type</c>, and the static type of the value passed as an <c>object</c> or generic parameter, seen through the
/// conversion to <c>object</c> (the serializer caches the runtime type, which is at least that type).
/// </summary>
internal static class CachedTypeArguments
{
    public static IEnumerable<ITypeSymbol> Of(IInvocationOperation invocation)
    {
        foreach (var typeArgument in invocation.TargetMethod.TypeArguments)
        {
            yield return typeArgument;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            var value = OperationWalk.Innermost(argument.Value);
            if (parameter.Type is { Name: "Type", ContainingNamespace.Name: "System" })
            {
                if (TypeNamedBy(value) is { } named)
                {
                    yield return named;
                }
            }
            else if (parameter.Type.SpecialType == SpecialType.System_Object || parameter.OriginalDefinition.Type is ITypeParameterSymbol)
            {
                if (value?.Type is { } valueType)
                {
                    yield return valueType;
                }
            }
        }
    }

    /// <summary><c>typeof(X)</c> → X; <c>x.GetType()</c> → the static type of x (the runtime type is at least that).</summary>
    private static ITypeSymbol? TypeNamedBy(IOperation? value) => value switch
    {
        ITypeOfOperation typeOf => typeOf.TypeOperand,
        IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: 0, Instance: { } instance } => OperationWalk.Innermost(instance)?.Type,
        _ => null,
    };
}
