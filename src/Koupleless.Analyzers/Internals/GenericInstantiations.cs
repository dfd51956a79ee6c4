using System.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Statics of a generic type exist once per instantiation, and those of an instantiation over a module type belong to
/// that module and unload with it (DESIGN.md, "Verified at run time"). These tests say when a static is such a slot.
/// </summary>
internal static class GenericInstantiations
{
    private const int MaxDepth = 8;

    /// <summary>
    /// Whether the type is built from a type parameter of a type (in a static member's declaration, only its generic types'
    /// are in scope).
    /// </summary>
    public static bool MentionsTypeParameter(ITypeSymbol type) => Mentions(type, TypeParameterKind.Type, depth: 0);

    /// <summary>
    /// Whether a static member is reached through an instantiation a generic method's caller names —
    /// <c>Factory&lt;T&gt;.Current = f</c> inside <c>Register&lt;T&gt;</c> —, not through one the library fixes
    /// (<c>Factory&lt;Options&gt;.Current</c>). A module registering for its own record or interface type writes its own
    /// instantiation's copy (CsvHelper's <c>CsvRecordMapper.Options&lt;T&gt;.Current</c>, Refit's
    /// <c>GeneratedFactory&lt;T&gt;.Factory</c>: measured noise on released packages, held-out sets 6 and 2). Not a use
    /// inside the generic type itself through its own parameters: a setter of <c>Convert&lt;TFrom, TTo&gt;.Lambda</c> is
    /// called for the framework's types (<c>Convert&lt;string, int&gt;</c>), one slot every module shares (linq2db:
    /// measured hazards, held-out set 7).
    /// </summary>
    public static bool IsReachedThroughMethodTypeParameters(ISymbol member)
    {
        for (var type = member.IsStatic ? member.ContainingType : null; type is not null; type = type.ContainingType)
        {
            if (type.TypeArguments.Any(argument => Mentions(argument, TypeParameterKind.Method, depth: 0)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(ITypeSymbol type, TypeParameterKind kind, int depth) => depth < MaxDepth && type switch
    {
        ITypeParameterSymbol parameter => parameter.TypeParameterKind == kind,
        IArrayTypeSymbol array => Mentions(array.ElementType, kind, depth + 1),
        INamedTypeSymbol named => named.TypeArguments.Any(argument => Mentions(argument, kind, depth + 1)),
        _ => false,
    };
}
