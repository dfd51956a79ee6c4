using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Adapters;

/// <summary>
/// The adapter tables a compilation sees: the default embedded in this assembly (rules/KouplelessAdapters*.txt), then
/// the project's KouplelessAdapters*.txt AdditionalFiles (the package's targets add those next to the project and in
/// $(KouplelessCatalogDirectory)). Parsed once per text; combined per compilation start (a handful of lines).
/// </summary>
public static class AdapterTables
{
    private static readonly Lazy<ImmutableArray<AdapterRequirement>> EmbeddedTables = new(ReadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConditionalWeakTable<SourceText, StrongBox<(ImmutableArray<AdapterRequirement> Entries, ImmutableArray<CatalogError> Errors)>> ParsedFiles = new();

    public static ImmutableArray<AdapterRequirement> For(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var tables = new List<ImmutableArray<AdapterRequirement>> { EmbeddedTables.Value };
        foreach (var file in additionalFiles)
        {
            if (Parse(file, cancellationToken) is { } parsed)
            {
                tables.Add(parsed.Entries);
            }
        }

        return AdapterTableReader.Combine(tables);
    }

    /// <summary>The entries and errors of an AdditionalFile that is an adapter table; null for any other file.</summary>
    public static (ImmutableArray<AdapterRequirement> Entries, ImmutableArray<CatalogError> Errors)? Parse(AdditionalText file, CancellationToken cancellationToken)
    {
        if (!AdapterTableFormat.IsAdapterTable(file.Path) || file.GetText(cancellationToken) is not { } text)
        {
            return null;
        }

        return ParsedFiles.GetValue(text, t => new(AdapterTableReader.Read(file.Path, t))).Value;
    }

    private static ImmutableArray<AdapterRequirement> ReadEmbedded()
    {
        var tables = new List<ImmutableArray<AdapterRequirement>>();
        foreach (var (source, text) in AdapterTableFormat.Embedded())
        {
            tables.Add(AdapterTableReader.Read(source, SourceText.From(text)).Entries);
        }

        return AdapterTableReader.Combine(tables);
    }
}
