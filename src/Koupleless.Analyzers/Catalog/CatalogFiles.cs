using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// Finds and parses hazard catalogs: the default one embedded in this assembly (rules/KouplelessHazards*.txt)
/// and the enterprise files passed as AdditionalFiles named KouplelessHazards*.txt, or of any name when the package's
/// targets marked them (a &lt;KouplelessCatalog Include="..."/&gt; item becomes an AdditionalFiles item with
/// KouplelessCatalog="true" metadata, surfaced to analyzers through CompilerVisibleItemMetadata).
/// Parsing is cached per source text, so an unchanged file is read once however many compilations see it.
/// </summary>
public static class CatalogFiles
{
    public const string FileNamePrefix = "KouplelessHazards";
    public const string FileExtension = ".txt";
    private const string ResourcePrefix = "Koupleless.Analyzers.Catalog.";

    /// <summary>The analyzer-config key of the KouplelessCatalog metadata of an AdditionalFiles item.</summary>
    public const string CatalogMetadataKey = "build_metadata.AdditionalFiles.KouplelessCatalog";

    private static readonly ConditionalWeakTable<SourceText, ParsedCatalog> ParsedAdditionalFiles = new();
    private static readonly Lazy<ImmutableArray<ParsedCatalog>> EmbeddedCatalogs = new(ParseEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImmutableArray<ParsedCatalog> Embedded => EmbeddedCatalogs.Value;

    public static bool IsCatalogFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(FileNamePrefix, StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether an AdditionalFile is a catalog: by its name, or by the KouplelessCatalog metadata the targets set.</summary>
    public static bool IsCatalogFile(AdditionalText file, AnalyzerConfigOptionsProvider? options)
        => IsCatalogFile(file.Path)
            || (options is not null
                && options.GetOptions(file).TryGetValue(CatalogMetadataKey, out var marked)
                && string.Equals(marked?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The parsed catalog of an AdditionalFile, or null when the file is not a catalog or cannot be read.</summary>
    public static ParsedCatalog? ParseAdditionalFile(AdditionalText file, CancellationToken cancellationToken)
        => ParseAdditionalFile(file, options: null, cancellationToken);

    /// <inheritdoc cref="ParseAdditionalFile(AdditionalText, CancellationToken)"/>
    public static ParsedCatalog? ParseAdditionalFile(AdditionalText file, AnalyzerConfigOptionsProvider? options, CancellationToken cancellationToken)
    {
        if (!IsCatalogFile(file, options))
        {
            return null;
        }

        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            return null;
        }

        return ParsedAdditionalFiles.GetValue(text, t => CatalogParser.Parse(file.Path, t, CatalogRules.Ids));
    }

    /// <summary>Every catalog that applies to a compilation: the embedded default, then the enterprise files.</summary>
    public static ImmutableArray<ParsedCatalog> All(ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        => All(additionalFiles, options: null, cancellationToken);

    /// <inheritdoc cref="All(ImmutableArray{AdditionalText}, CancellationToken)"/>
    public static ImmutableArray<ParsedCatalog> All(ImmutableArray<AdditionalText> additionalFiles, AnalyzerConfigOptionsProvider? options, CancellationToken cancellationToken)
    {
        var catalogs = ImmutableArray.CreateBuilder<ParsedCatalog>();
        catalogs.AddRange(Embedded);
        var seenPaths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in additionalFiles)
        {
            // The same file can arrive twice (the convention plus an explicit item); it counts once.
            if (seenPaths.Add(Path.GetFullPath(file.Path)) && ParseAdditionalFile(file, options, cancellationToken) is { } parsed)
            {
                catalogs.Add(parsed);
            }
        }

        return catalogs.ToImmutable();
    }

    private static ImmutableArray<ParsedCatalog> ParseEmbedded()
    {
        var assembly = typeof(CatalogFiles).Assembly;
        var catalogs = ImmutableArray.CreateBuilder<ParsedCatalog>();
        var names = new List<string>(assembly.GetManifestResourceNames());
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!name.StartsWith(ResourcePrefix + FileNamePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            var text = SourceText.From(stream);
            var fileName = "rules/" + name.Substring(ResourcePrefix.Length);
            catalogs.Add(CatalogParser.Parse(fileName, text, CatalogRules.Ids));
        }

        return catalogs.ToImmutable();
    }
}
