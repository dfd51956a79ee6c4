using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Rules.UnreleasedResources;

namespace Koupleless.Analyzers.Catalog;

/// <summary>Every catalog-driven rule. A catalog line may name only these IDs (others are KPL9001).</summary>
public static class CatalogRules
{
    public static readonly ImmutableArray<CatalogRule> All = ImmutableArray.CreateRange(
        StaticStateCatalogRules.All)
        .AddRange(UnreleasedResourceRules.CatalogEntries)
        .Add(UndisposedListenerRegistrationAnalyzer.CatalogEntry)
        .Add(ProcessWideTypeCacheAnalyzer.CatalogEntry);

    public static readonly ImmutableDictionary<string, CatalogRule> ById = All.ToImmutableDictionary(r => r.Id);

    public static readonly ImmutableHashSet<string> Ids = ById.Keys.ToImmutableHashSet();
}
