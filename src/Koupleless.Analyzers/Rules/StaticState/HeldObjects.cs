using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Flow;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// Whether the object a static holds has anywhere to keep what a module puts in it. A fill (KPL1002) needs a field that
/// can reference a module's object, delegate or type; an object whose fields, up its base chain, hold only numbers,
/// text and enums (Jint's <c>JsValue.Undefined = new JsUndefined()</c> and its <c>JsNumber</c> constants: measured wrong
/// on the released package) cannot, whatever store the flow's may-alias sees reach it. An object with no instance field
/// at all (Jurassic's <c>Undefined.Value</c>) has no state a module could change either, so a read-only static holding
/// it is neither filled nor overwritten. Other overwrites (KPL1001) are not judged here: a plain setting changed for
/// every module is still "the last one wins".
/// </summary>
internal static class HeldObjects
{
    private const int MaxDepth = 3;

    /// <param name="created">The types the storage's initializer creates; none known, the storage's declared type.</param>
    public static bool CannotKeepAnything(ISymbol storage, IEnumerable<ITypeSymbol> created, OwnSubclasses subclasses, Compilation compilation)
        => HeldByReadOnly(storage, created, subclasses, compilation) is { } held && held.All(h => CannotHold(h.Type, h.Exact, compilation, 0));

    /// <summary>A read-only static whose object has no instance field up its base chain: nothing in it can change.</summary>
    public static bool HasNoState(ISymbol storage, IEnumerable<ITypeSymbol> created, OwnSubclasses subclasses, Compilation compilation)
        => HeldByReadOnly(storage, created, subclasses, compilation) is { } held
            && held.All(h => h.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && (h.Exact || type.IsSealed)
                && InstanceFields(type, compilation) is { } fields && fields.Count == 0);

    /// <summary>
    /// A <c>static readonly</c> field of a struct that holds no reference, up its fields (numbers, enums, pointers: an
    /// unmanaged type): whatever code does with it changes a copy, and there is nothing in it to keep a module's object
    /// (SharpCompress's <c>kNullRange</c>, copied into a context whose copy is then changed: measured wrong on the released
    /// package). A struct holding references can still reach a shared object, so it is judged as any other static.
    /// </summary>
    public static bool IsUnchangeableValue(ISymbol storage)
        => storage is IFieldSymbol { IsReadOnly: true, Type: { IsValueType: true, IsUnmanagedType: true } };

    /// <summary>
    /// What a read-only static can hold: the exact types its initializer creates, or else its declared type (whose
    /// subclasses it may hold too). Null for writable storage, which may be given any object later.
    /// </summary>
    /// <remarks>
    /// When the initializer's object is made out of sight (a conversion operator, a factory) and the declared type is a
    /// class of this compilation, the object is one of that class or of its subclasses in this compilation, each exactly:
    /// the initializer runs in the library before any module, so it cannot name a module's subclass. TagLibSharp's
    /// <c>static readonly ByteVector COMMENT_ASCII_CODE = new byte[8] {…}</c> (an implicit conversion; ByteVector and its
    /// one subclass hold only a <c>List&lt;byte&gt;</c>) was reported as a fill and labelled noise on held-out set 15.
    /// </remarks>
    private static List<(ITypeSymbol Type, bool Exact)>? HeldByReadOnly(
        ISymbol storage, IEnumerable<ITypeSymbol> created, OwnSubclasses subclasses, Compilation compilation)
    {
        var declared = storage switch
        {
            IFieldSymbol { IsReadOnly: true } field => field.Type,
            IPropertySymbol { SetMethod: null } property => property.Type,
            _ => null,
        };
        if (declared is null)
        {
            return null;
        }

        // The flow records what is created as an original definition (List<T>); when that is the declared type's, the
        // declared type says what its type arguments are (List<Mime>).
        var held = created
            .Select(type => (SymbolEqualityComparer.Default.Equals(type, declared.OriginalDefinition) ? declared : type, true))
            .ToList();
        if (held.Count == 0)
        {
            if (declared is INamedTypeSymbol { TypeKind: TypeKind.Class, IsSealed: false } own
                && SymbolEqualityComparer.Default.Equals(own.ContainingAssembly, compilation.Assembly))
            {
                held.Add((own, true));
                held.AddRange(subclasses.Of(own).Select(subclass => ((ITypeSymbol)subclass, true)));
            }
            else
            {
                held.Add((declared, false));
            }
        }

        return held;
    }

    /// <param name="exact">The object is of exactly this type (created by <c>new</c>), not of a subclass.</param>
    private static bool CannotHold(ITypeSymbol type, bool exact, Compilation compilation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (!ModuleValues.CanHoldModuleReference(type))
        {
            return true; // text, numbers, enums, a sealed framework value (string is a sealed class of another assembly)
        }

        return type switch
        {
            IArrayTypeSymbol array => CannotHold(array.ElementType, exact: false, compilation, depth + 1),
            INamedTypeSymbol collection when IsFrameworkCollection(collection)
                => collection.TypeArguments.All(argument => CannotHold(argument, exact: false, compilation, depth + 1)),
            INamedTypeSymbol { TypeKind: TypeKind.Class } known when exact || known.IsSealed
                => InstanceFields(known, compilation) is { } fields && fields.All(f => CannotHold(f.Type, exact: false, compilation, depth + 1)),
            _ => false,
        };
    }

    /// <summary><c>System.Attribute</c> and <c>System.EventArgs</c>: framework bases with no instance field of their own.</summary>
    private static bool IsStatelessFrameworkBase(INamedTypeSymbol type)
        => type.Name is "Attribute" or "EventArgs" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>
    /// A generic collection of the framework's (<c>List&lt;T&gt;</c>, <c>Dictionary&lt;K, V&gt;</c>,
    /// <c>ConcurrentQueue&lt;T&gt;</c>, …) in a read-only static, so created by the library itself: it holds its elements and
    /// nothing a caller chose besides, so it can keep a module only through them. TagLibSharp's
    /// <c>SupportedMimeType.mimetypes</c>, a list of a sealed attribute holding two strings that each instance adds itself
    /// to, was reported as a fill and labelled noise on held-out set 15.
    /// </summary>
    private static bool IsFrameworkCollection(INamedTypeSymbol type)
        => type is { IsGenericType: true, TypeKind: TypeKind.Class }
            && type.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections.Concurrent"
            && type.ContainingAssembly?.Name is "System.Private.CoreLib" or "System.Runtime" or "System.Collections"
                or "System.Collections.Concurrent" or "netstandard" or "mscorlib";

    /// <summary>
    /// Every instance field up the base chain, all declared in this compilation; null when a base comes from a referenced
    /// assembly (its private fields are not visible here, so such a base is taken to hold anything), unless it is one of the
    /// framework's stateless bases.
    /// </summary>
    private static List<IFieldSymbol>? InstanceFields(INamedTypeSymbol type, Compilation compilation)
    {
        var fields = new List<IFieldSymbol>();
        for (var current = type;
             current is not null && current.SpecialType != SpecialType.System_Object && !IsStatelessFrameworkBase(current);
             current = current.BaseType)
        {
            if (!SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, compilation.Assembly))
            {
                return null;
            }

            fields.AddRange(current.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic));
        }

        return fields;
    }
}
