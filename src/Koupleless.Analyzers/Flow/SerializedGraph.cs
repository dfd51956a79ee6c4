using System.Collections.Generic;
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
/// which holds only JSON values;</item>
/// <item>it is a concrete class of the library itself whose serialized members (public, or marked for a serializer)
/// can only hold such values: a caller's type gets there only through a subclass of the library's concrete model, which
/// is not how a model is used (LABELLING.md, stop 39: Docker.DotNet's <c>AuthConfig</c>; OllamaSharp's
/// <c>DeleteModelRequest</c> and Betalgo's request records, Shared-role noise on held-out sets 17 and 18). A model with an
/// <c>object</c>, interface or abstract member (OllamaSharp's <c>ChatRequest.Tools</c>) still carries the caller's, unless
/// only its constructors set that member, from parameters of such types (a closed union: <see cref="ConstructorOnlyMembers"/>).</item>
/// </list>
/// A type that mentions a type parameter is the caller's choice. Measured on real code: Jackett's request bodies of
/// strings and JObjects, Rebus's header dictionaries (docs/rules/KPL3010.md).
/// </summary>
internal static class SerializedGraph
{
    private const int MaxDepth = 4;

    public static bool CanHoldCallersType(ITypeSymbol type)
        => MentionsTypeParameter(type, 0) || !HoldsOnlyItsOwnKind(type, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <param name="models">The models already being read in this question: a model met again (a tree of nodes) is
    /// taken as closed while it is read, so each model's members are read once however the graph is shaped.</param>
    private static bool HoldsOnlyItsOwnKind(ITypeSymbol type, int depth, HashSet<ITypeSymbol> models)
        => CanOnlyBeItself(type, depth) || IsFrameworkCollectionOfValues(type, depth, models) || IsJsonTree(type) || IsClosedOwnModel(type, depth, models);

    /// <summary>A concrete class declared in this compilation (and its own bases) whose serialized members hold only such values.</summary>
    private static bool IsClosedOwnModel(ITypeSymbol type, int depth, HashSet<ITypeSymbol> models)
    {
        if (depth > MaxDepth || type is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false } model
            || model.DeclaringSyntaxReferences.IsEmpty || MentionsTypeParameter(model, depth))
        {
            return false;
        }

        if (!models.Add(model))
        {
            return true;
        }

        for (var current = model; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.DeclaringSyntaxReferences.IsEmpty)
            {
                // A base from elsewhere shows none of its serialized members. (The library's own abstract base is read
                // like the model: the value is the model, which is concrete.)
                return false;
            }

            foreach (var member in current.GetMembers())
            {
                if (SerializedMemberType(member) is { } memberType && ModuleValues.CanHoldModuleReference(memberType) && !HoldsOnlyItsOwnKind(memberType, depth + 1, models)
                    && !IsSetOnlyToOwnKind(member, current, depth, models))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A get-only member its constructors set only from parameters whose types hold only their own kind (a closed union).</summary>
    private static bool IsSetOnlyToOwnKind(ISymbol member, INamedTypeSymbol declaringType, int depth, HashSet<ITypeSymbol> models)
        => ConstructorOnlyMembers.ValueTypes(member, declaringType) is { } assigned
            && assigned.All(type => !ModuleValues.CanHoldModuleReference(type) || HoldsOnlyItsOwnKind(type, depth + 1, models));

    /// <summary>The type of an instance property or field a serializer writes: public, or marked with a serializer's attribute.</summary>
    private static ITypeSymbol? SerializedMemberType(ISymbol member)
    {
        var type = member switch
        {
            IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property => property.Type,
            IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field => field.Type,
            _ => null,
        };
        return type is not null && (member.DeclaredAccessibility == Accessibility.Public || IsMarkedForSerializer(member)) ? type : null;
    }

    private static bool IsMarkedForSerializer(ISymbol member)
        => member.GetAttributes().Any(a => a.AttributeClass?.Name is { } name
            && (name.StartsWith("Json", System.StringComparison.Ordinal) || name.StartsWith("DataMember", System.StringComparison.Ordinal)));

    private static bool CanOnlyBeItself(ITypeSymbol type, int depth) => type switch
    {
        _ when depth > MaxDepth => false,
        ITypeParameterSymbol => false,
        IArrayTypeSymbol array => CanOnlyBeItself(array.ElementType, depth + 1),
        _ => type.IsSealed || type.IsValueType,
    };

    /// <summary>Also nested: <c>Dictionary&lt;string, HashSet&lt;string&gt;&gt;</c> (Rebus's subscription file).</summary>
    private static bool IsFrameworkCollectionOfValues(ITypeSymbol type, int depth, HashSet<ITypeSymbol> models)
        => depth <= MaxDepth
            && type is INamedTypeSymbol { IsGenericType: true } named
            && IsFramework(named.ContainingNamespace)
            && named.TypeArguments.All(argument => CanOnlyBeItself(argument, depth + 1) || !ModuleValues.CanHoldModuleReference(argument)
                || IsFrameworkCollectionOfValues(argument, depth + 1, models) || IsClosedOwnModel(argument, depth + 1, models));

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
