using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// The classes of this compilation that derive from a class of it, built on first use (once per report: only a few
/// statics need it, so a compilation without one pays nothing).
/// </summary>
internal sealed class OwnSubclasses
{
    private readonly Compilation _compilation;
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? _byBase;

    public OwnSubclasses(Compilation compilation) => _compilation = compilation;

    /// <summary>Every class of this compilation deriving from <paramref name="type"/>, directly or not.</summary>
    public IEnumerable<INamedTypeSymbol> Of(INamedTypeSymbol type)
    {
        var byBase = _byBase ??= Index();
        var pending = new Stack<INamedTypeSymbol>();
        pending.Push(type.OriginalDefinition);
        while (pending.Count > 0)
        {
            if (!byBase.TryGetValue(pending.Pop(), out var direct))
            {
                continue;
            }

            foreach (var subclass in direct)
            {
                yield return subclass;
                pending.Push(subclass);
            }
        }
    }

    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> Index()
    {
        var byBase = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        foreach (var type in DeclaredTypes.Under(_compilation.Assembly.GlobalNamespace).Where(t => t.TypeKind == TypeKind.Class))
        {
            if (type.BaseType?.OriginalDefinition is { } baseType
                && SymbolEqualityComparer.Default.Equals(baseType.ContainingAssembly, _compilation.Assembly))
            {
                if (!byBase.TryGetValue(baseType, out var list))
                {
                    byBase[baseType] = list = new List<INamedTypeSymbol>();
                }

                list.Add(type);
            }
        }

        return byBase;
    }
}
