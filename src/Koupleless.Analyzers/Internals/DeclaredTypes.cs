using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>Every named type under a namespace or type, nested types included (the compilation's own: start at its assembly's global namespace).</summary>
internal static class DeclaredTypes
{
    public static IEnumerable<INamedTypeSymbol> Under(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol nested)
            {
                if (nested is INamedTypeSymbol type)
                {
                    yield return type;
                }

                foreach (var inner in Under(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
