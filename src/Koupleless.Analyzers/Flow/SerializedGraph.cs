using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// Whether a value handed to a type cache (a serializer, TypeDescriptor) can bring a caller's type into it. The cache
/// keeps the runtime types of the value and of what it holds, so the value's static type rules a caller's type out when:
/// <list type="bullet">
/// <item>it can only be itself: a struct, a sealed class, or an array of such (<c>new[] { name, id }</c> is a <c>string[]</c>);</item>
/// <item>it is a framework collection of such values, or of such collections (<c>List&lt;string&gt;</c>,
/// <c>Dictionary&lt;string, HashSet&lt;string&gt;&gt;</c>, <c>IEnumerable&lt;int&gt;</c>): a caller's subclass of a framework
/// collection is not considered;</item>
/// <item>it is a JSON document tree (Newtonsoft's <c>JToken</c> family, System.Text.Json's <c>JsonNode</c> family),
/// which holds only JSON values.</item>
/// </list>
/// A type that mentions a type parameter is the caller's choice. Measured on real code: Jackett's request bodies of
/// strings and JObjects, Rebus's header dictionaries (docs/rules/KPL3010.md).
/// </summary>
internal static class SerializedGraph
{
    private const int MaxDepth = 4;

    public static bool CanHoldCallersType(ITypeSymbol type)
        => MentionsTypeParameter(type, 0) || !(CanOnlyBeItself(type, 0) || IsFrameworkCollectionOfValues(type, 0) || IsJsonTree(type));

    private static bool CanOnlyBeItself(ITypeSymbol type, int depth) => type switch
    {
        _ when depth > MaxDepth => false,
        ITypeParameterSymbol => false,
        IArrayTypeSymbol array => CanOnlyBeItself(array.ElementType, depth + 1),
        _ => type.IsSealed || type.IsValueType,
    };

    /// <summary>Also nested: <c>Dictionary&lt;string, HashSet&lt;string&gt;&gt;</c> (Rebus's subscription file).</summary>
    private static bool IsFrameworkCollectionOfValues(ITypeSymbol type, int depth)
        => depth <= MaxDepth
            && type is INamedTypeSymbol { IsGenericType: true } named
            && IsFramework(named.ContainingNamespace)
            && named.TypeArguments.All(argument => CanOnlyBeItself(argument, depth + 1) || !ModuleValues.CanHoldModuleReference(argument)
                || IsFrameworkCollectionOfValues(argument, depth + 1));

    private static bool IsJsonTree(ITypeSymbol type)
        => TypeHierarchy.IsOrDerivesFrom(type, "Newtonsoft.Json.Linq", "JToken") || TypeHierarchy.IsOrDerivesFrom(type, "System.Text.Json.Nodes", "JsonNode");

    private static bool IsFramework(INamespaceSymbol? ns)
    {
        var outermost = ns;
        while (outermost?.ContainingNamespace is { IsGlobalNamespace: false } parent)
        {
            outermost = parent;
        }

        return outermost?.Name == "System";
    }

    private static bool MentionsTypeParameter(ITypeSymbol type, int depth) => type switch
    {
        _ when depth > MaxDepth => false,
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => MentionsTypeParameter(array.ElementType, depth + 1),
        INamedTypeSymbol named => named.TypeArguments.Any(argument => MentionsTypeParameter(argument, depth + 1)),
        _ => false,
    };
}
