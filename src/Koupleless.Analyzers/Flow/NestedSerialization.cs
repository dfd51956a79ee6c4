using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// A serializer call a converter makes with the serializer it was handed — <c>JsonSerializer.Serialize(writer, value,
/// options)</c> in System.Text.Json's <c>JsonConverter&lt;T&gt;.Read</c>/<c>Write</c> (or a helper of the converter they
/// pass their options to), or <c>serializer.Serialize(writer, value)</c> in Newtonsoft.Json's <c>ReadJson</c>/<c>WriteJson</c>. Only the serializer
/// runs a converter, in the middle of a call that already hands the types to the same options' cache, and no module
/// calls a converter's Read or Write itself, though they are public: the flow's path from them is not a module's. A
/// static helper of another class that a converter hands its writer and options to (Quartz's WriteJobDataMapValue) is
/// still followed: there the flow cannot tell the helper from a public API taking a caller's options. Measured
/// on released packages: MassTransit's and Cosmos's converters (docs/packages.md).
/// </summary>
internal static class NestedSerialization
{
    public static bool IsNested(IMethodSymbol method, IInvocationOperation invocation)
    {
        if (!IsConverterMember(method))
        {
            return false;
        }

        if (invocation.Instance is IParameterReferenceOperation receiver && IsHandedSerializer(receiver.Parameter, method))
        {
            return true; // Newtonsoft.Json: serializer.Serialize(writer, value)
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value is IParameterReferenceOperation passed && IsHandedSerializer(passed.Parameter, method))
            {
                return true; // System.Text.Json: JsonSerializer.Serialize(writer, value, options); Newtonsoft.Json: token.ToObject<T>(serializer)
            }
        }

        return false;
    }

    /// <summary>A member of a converter: its Read/Write overrides and the helpers they hand their options or serializer to.</summary>
    private static bool IsConverterMember(IMethodSymbol method)
        => TypeHierarchy.IsOrDerivesFrom(method.ContainingType, "System.Text.Json.Serialization", "JsonConverter")
            || TypeHierarchy.IsOrDerivesFrom(method.ContainingType, "Newtonsoft.Json", "JsonConverter");

    /// <summary>The converter's own parameter holding the serializer's options (System.Text.Json) or the serializer (Newtonsoft.Json).</summary>
    private static bool IsHandedSerializer(IParameterSymbol parameter, IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, method.OriginalDefinition)
            && parameter.Type.Name is "JsonSerializerOptions" or "JsonSerializer";
}
