using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>Type tests by namespace and name, for types a compilation may not reference (no symbol to compare with).</summary>
internal static class TypeHierarchy
{
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
