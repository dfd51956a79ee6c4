using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Koupleless.Analyzers.Catalog;
using Koupleless.Scanner.Packages.Il;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// Which types of an assembly get their method bodies decompiled: all of them (<see cref="Whole"/>: the reference the
/// oracle test compares with), or only those <see cref="CodeSelection"/> picks (the default: the same findings, much
/// less decompilation).
/// </summary>
public sealed class DecompileScope
{
    private readonly SelectionTriggers? _triggers;

    private DecompileScope(SelectionTriggers? triggers) => _triggers = triggers;

    public static DecompileScope Whole { get; } = new(null);

    /// <summary>The selection, with the APIs of the embedded catalogs and of <paramref name="extraCatalogs"/>.</summary>
    public static DecompileScope Selected(IEnumerable<ParsedCatalog> extraCatalogs)
    {
        var catalogs = new List<ParsedCatalog>(CatalogFiles.Embedded);
        catalogs.AddRange(extraCatalogs);
        return new DecompileScope(SelectionTriggers.From(catalogs));
    }

    public bool IsWhole => _triggers is null;

    internal HashSet<TypeDefinitionHandle>? TypesWithBodies(PEReader pe)
        => _triggers is null ? null : CodeSelection.TypesWithBodies(pe, _triggers);
}
