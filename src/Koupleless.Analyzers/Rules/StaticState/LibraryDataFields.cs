using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// A visible non-readonly static field that holds the library's own data — an array, a read-only collection, an object
/// of a concrete class with no public setter, or reflection metadata — which the library gives its value where the field is declared or in its
/// static constructor (Bogus's <c>SafeUnicodeRanges.Basic</c>, SharpZipLib's <c>DeflaterConstants.MAX_CHAIN</c>, a
/// <c>Regex</c>, a <c>FieldInfo</c> of its own type). Such a field is settable by accident (a missing <c>readonly</c>):
/// replacing the library's table is not how a module uses it, so that a module <em>could</em> assign it is no evidence
/// of sharing (measured on released packages: docs/rules/KPL1001.md). Fields a module assigns on purpose stay
/// reported: settings (numbers, flags, enums, text: <c>Faker.DefaultStrictMode</c>), hooks (delegates:
/// <c>Date.SystemClock</c>), strategies (interfaces and abstract classes: Akka's <c>DefaultDecider</c>), mutable
/// collections (registries: <see cref="IsMutableCollection"/>), and any field
/// the library leaves for its callers to fill. What the library itself stores into such a field, and the settable
/// members of the object it holds, are judged as for any other static.
/// </summary>
internal static class LibraryDataFields
{
    public static bool IsLibraryData(IFieldSymbol field, CancellationToken cancellationToken)
        => IsDataType(field.Type)
            && (StaticStateSyntax.Initializer(field, cancellationToken) is not null
                || StaticStateSyntax.StaticConstructorAssignments(field, cancellationToken).Any());

    private static bool IsDataType(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol => true,
        { SpecialType: SpecialType.System_String or SpecialType.System_Object } => false,
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => false,
        INamedTypeSymbol collection when IsMutableCollection(collection) => false,
        INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } concrete => !IsReconfigurable(concrete),
        INamedTypeSymbol { TypeKind: TypeKind.Class } reflection => IsReflectionMetadata(reflection),
        INamedTypeSymbol { TypeKind: TypeKind.Interface } collection => IsEnumerable(collection),
        _ => false,
    };

    /// <summary>
    /// A struct that is neither what a setting is measured in (<see cref="IsSettingValue"/>) nor changeable through a public
    /// setter or field: a value like a literal (<c>Guid</c>, a kernel preset), for <see cref="NamedConstantSets"/>.
    /// </summary>
    public static bool IsValueOnlyStruct(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Struct } value && !IsSettingValue(value) && !IsReconfigurable(value);

    /// <summary>
    /// What a setting is measured in: numbers and the other built-in values (<c>decimal</c>, <c>DateTime</c>), durations and
    /// dates, and nullable values.
    /// </summary>
    private static bool IsSettingValue(INamedTypeSymbol type)
        => type.SpecialType != SpecialType.None
            || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            || (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                && type.Name is "TimeSpan" or "DateTimeOffset" or "DateOnly" or "TimeOnly");

    /// <summary>
    /// <c>FieldInfo</c>, <c>MethodInfo</c>, <c>Type</c>: abstract, but a description of a member, not a strategy a module
    /// plugs in (FastExpressionCompiler's <c>public static FieldInfo ArrayClosureArrayField = typeof(ArrayClosure).GetField(...)</c>).
    /// </summary>
    private static bool IsReflectionMetadata(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "MemberInfo", ContainingNamespace: { Name: "Reflection", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An object (or struct) with a public setter or field up its base chain (<c>JsonSerializerOptions</c>): a default instance
    /// modules reconfigure through its API (MassTransit's <c>SystemTextJsonMessageSerializer.Options</c>), not data. A
    /// <c>Regex</c>, <c>Task</c>, <c>Lazy&lt;T&gt;</c> or <c>Random</c> has none.
    /// </summary>
    private static bool IsReconfigurable(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var settable = member switch
                {
                    IPropertySymbol { IsStatic: false, SetMethod: { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false } } => true,
                    IFieldSymbol { IsStatic: false, IsReadOnly: false, IsConst: false, DeclaredAccessibility: Accessibility.Public } => true,
                    _ => false,
                };
                if (settable)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A collection with <c>Add</c>/<c>Remove</c>/<c>Clear</c> in its API (<c>ICollection&lt;T&gt;</c>, <c>IList</c>,
    /// <c>IDictionary</c>): a registry modules change through that API by design, not only by assigning the field
    /// (System.IdentityModel's <c>JwtSecurityTokenHandler.DefaultInboundClaimTypeMap</c>, which apps <c>Clear()</c>;
    /// HtmlAgilityPack's <c>HtmlNode.ElementsFlags</c>). Arrays, read-only and look-up interfaces stay data.
    /// </summary>
    private static bool IsMutableCollection(INamedTypeSymbol type)
        => !IsUnchangeableFrameworkCollection(type)
            && Enumerable.Repeat(type, 1).Concat(type.AllInterfaces).Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T
                || i.ToDisplayString() is "System.Collections.IList" or "System.Collections.IDictionary");

    /// <summary>
    /// The framework's read-only, immutable and frozen collections implement <c>ICollection&lt;T&gt;</c> and <c>IList</c> but
    /// throw on <c>Add</c>: data (linq2db's <c>public static ReadOnlyCollection&lt;Assignment&gt; EmptyCollection</c>, measured
    /// noise on held-out set 7).
    /// </summary>
    private static bool IsUnchangeableFrameworkCollection(INamedTypeSymbol type)
        => type.ContainingNamespace?.ToDisplayString() is "System.Collections.ObjectModel" or "System.Collections.Immutable" or "System.Collections.Frozen"
            && (type.Name.StartsWith("ReadOnly", System.StringComparison.Ordinal) || type.Name.StartsWith("Immutable", System.StringComparison.Ordinal)
                || type.Name.StartsWith("Frozen", System.StringComparison.Ordinal));

    /// <summary>A read-only collection interface (<c>IEnumerable&lt;T&gt;</c>, <c>ILookup&lt;,&gt;</c>, <c>IReadOnlyDictionary&lt;,&gt;</c>): data, not a strategy.</summary>
    private static bool IsEnumerable(INamedTypeSymbol type)
        => type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);
}
