using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// The members a module can call: public or protected members of types it can see, and the implementations of
/// interface or virtual members it can see (reached through an interface or base type the library hands out).
/// </summary>
internal static class EntryPoints
{
    public static bool IsEntry(IMethodSymbol method)
    {
        switch (method.MethodKind)
        {
            case MethodKind.StaticConstructor:
            case MethodKind.Destructor:
            case MethodKind.LocalFunction:
            case MethodKind.AnonymousFunction:
                return false;
        }

        if (IsVisibleOutside(method))
        {
            return true;
        }

        // An internal type's public member, reached through the public interface or base class the module holds.
        if (method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
        {
            return false;
        }

        // Through an overridden member a module can see, or an interface member of an interface it can see.
        return MembersStoodFor.Of(method).Any(member => member.ContainingType.TypeKind == TypeKind.Interface
            ? IsVisibleOutside(member.ContainingType)
            : IsVisibleOutside(member));
    }

    /// <summary>Public, or protected in a type a module can derive from, all the way out.</summary>
    public static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Protected:
                case Accessibility.ProtectedOrInternal:
                    if (current.ContainingType is { IsSealed: true })
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
