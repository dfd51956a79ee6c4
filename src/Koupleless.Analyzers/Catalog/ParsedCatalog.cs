using System.Collections.Immutable;

namespace Koupleless.Analyzers.Catalog;

/// <summary>The lines of one catalog file: the entries that parsed and the errors of those that did not.</summary>
public sealed record ParsedCatalog(ImmutableArray<CatalogEntry> Entries, ImmutableArray<CatalogError> Errors)
{
    public static readonly ParsedCatalog Empty = new(ImmutableArray<CatalogEntry>.Empty, ImmutableArray<CatalogError>.Empty);
}
