using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>Whether a type is, or derives from, another: by symbol, or by namespace and name for types a compilation may not reference.</summary>
internal static class TypeHierarchy
{
    /// <summary>
    /// Whether <paramref name="type"/> or one of its base types is <paramref name="ancestor"/>, compared as definitions (a
    /// constructed generic type is its generic type); false when there is no ancestor to compare with.
    /// </summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, ITypeSymbol? ancestor)
    {
        for (var current = type; current is not null && ancestor is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, ancestor.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <c>ns.name</c> or derives from it (a generic type by its name alone).</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, string ns, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name && current.ContainingNamespace?.ToDisplayString() == ns)
            {
                return true;
            }
        }

        return false;
    }
}
