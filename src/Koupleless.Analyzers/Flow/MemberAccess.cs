using System.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>Which instance members a caller can reach on an object it holds as a given type, without a cast.</summary>
internal static class MemberAccess
{
    /// <summary>
    /// Whether <paramref name="method"/> can be called on an object typed <paramref name="declared"/>: the declared type is
    /// the method's type or derives from it, or the method implements a member of the declared interface, or overrides a
    /// member of the declared class. Anything else (a concrete type's own method behind an interface) takes a downcast.
    /// </summary>
    public static bool IsCallableThrough(ITypeSymbol declared, IMethodSymbol method)
    {
        var owner = method.ContainingType.OriginalDefinition;
        if (declared is not INamedTypeSymbol named)
        {
            return true; // a type parameter, an array, an error type: not judged here
        }

        named = named.OriginalDefinition;
        for (var type = named; type is not null; type = type.BaseType?.OriginalDefinition)
        {
            if (SymbolEqualityComparer.Default.Equals(type, owner))
            {
                return true;
            }
        }

        if (named.TypeKind == TypeKind.Interface)
        {
            return named.GetMembers().Concat(named.AllInterfaces.SelectMany(i => i.GetMembers()))
                .OfType<IMethodSymbol>()
                .Any(member => method.ContainingType.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation
                    && SymbolEqualityComparer.Default.Equals(implementation.OriginalDefinition, method.OriginalDefinition));
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            for (var type = named; type is not null; type = type.BaseType?.OriginalDefinition)
            {
                if (SymbolEqualityComparer.Default.Equals(type, overridden.ContainingType.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
