using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// The catalogs of one compilation with their documentation-comment IDs resolved to symbols, once per compilation.
/// A line whose symbol the compilation does not reference (say, Newtonsoft.Json in a project without it) resolves
/// to nothing and is simply inactive: library rules apply only where the library is referenced.
/// </summary>
public sealed class HazardCatalog
{
    private static readonly ConditionalWeakTable<Compilation, HazardCatalog> Cache = new();

    private readonly Dictionary<ISymbol, ImmutableArray<CatalogEntry>> _entriesBySymbol;

    private HazardCatalog(Dictionary<ISymbol, ImmutableArray<CatalogEntry>> entriesBySymbol)
        => _entriesBySymbol = entriesBySymbol;

    public bool IsEmpty => _entriesBySymbol.Count == 0;

    /// <summary>The resolved catalog of a compilation; shared by every analyzer that asks for the same compilation.</summary>
    public static HazardCatalog For(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        => Cache.GetValue(compilation, c => Resolve(c, CatalogFiles.All(options.AdditionalFiles, options.AnalyzerConfigOptionsProvider, cancellationToken)));

    public static HazardCatalog Resolve(Compilation compilation, ImmutableArray<ParsedCatalog> catalogs)
    {
        var builders = new Dictionary<ISymbol, ImmutableArray<CatalogEntry>.Builder>(SymbolEqualityComparer.Default);
        foreach (var catalog in catalogs)
        {
            foreach (var entry in catalog.Entries)
            {
                foreach (var symbol in CatalogSymbolIds.Resolve(entry.SymbolId, compilation))
                {
                    if (!builders.TryGetValue(symbol, out var list))
                    {
                        builders[symbol] = list = ImmutableArray.CreateBuilder<CatalogEntry>();
                    }

                    list.Add(entry);
                }
            }
        }

        var resolved = new Dictionary<ISymbol, ImmutableArray<CatalogEntry>>(builders.Count, SymbolEqualityComparer.Default);
        foreach (var pair in builders)
        {
            resolved[pair.Key] = pair.Value.ToImmutable();
        }

        return new HazardCatalog(resolved);
    }

    /// <summary>The catalog lines that list <paramref name="symbol"/> (compared by original definition).</summary>
    public ImmutableArray<CatalogEntry> EntriesFor(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return ImmutableArray<CatalogEntry>.Empty;
        }

        return _entriesBySymbol.TryGetValue(symbol.OriginalDefinition, out var entries) ? entries : ImmutableArray<CatalogEntry>.Empty;
    }

    /// <summary>Every symbol that a line of <paramref name="ruleId"/> resolved to in this compilation.</summary>
    public IEnumerable<ISymbol> SymbolsOf(string ruleId)
    {
        foreach (var pair in _entriesBySymbol)
        {
            foreach (var entry in pair.Value)
            {
                if (entry.RuleId == ruleId)
                {
                    yield return pair.Key;
                    break;
                }
            }
        }
    }

    /// <summary>Whether any line of <paramref name="ruleId"/> resolved in this compilation (lets a rule bail out early).</summary>
    public bool HasRule(string ruleId)
    {
        foreach (var entries in _entriesBySymbol.Values)
        {
            foreach (var entry in entries)
            {
                if (entry.RuleId == ruleId)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
