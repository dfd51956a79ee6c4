using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Analyzers.Adapters;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Adapters;

/// <summary>
/// The adapter tables of one scan, combined in order: the embedded default (rules/KouplelessAdapters*.txt), the
/// conventional KouplelessAdapters*.txt files at the scanned root, then each --catalog table. Every matching entry
/// applies; an entry with the same package id and range text as an earlier one replaces it (later wins).
/// </summary>
public sealed class AdapterTables
{
    public const string FilePrefix = AdapterTableFormat.FilePrefix;

    private readonly List<AdapterEntry> _entries;

    private AdapterTables(List<AdapterEntry> entries, List<string> problems)
    {
        _entries = entries;
        Problems = problems;
    }

    public IReadOnlyList<AdapterEntry> Entries => _entries;

    public IReadOnlyList<string> Problems { get; }

    public static bool IsAdapterTable(string path) => Path.GetFileName(path).StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase);

    /// <param name="tables">(source name, text) pairs in precedence order, lowest first.</param>
    public static AdapterTables Combine(IEnumerable<(string Source, string Text)> tables)
    {
        var problems = new List<string>();
        var parsed = new List<List<AdapterEntry>>();
        foreach (var (source, text) in tables)
        {
            var (entries, parseProblems) = AdapterTableParser.Parse(source, text);
            problems.AddRange(parseProblems);
            parsed.Add(entries);
        }

        return new AdapterTables(AdapterTableFormat.Combine<AdapterEntry>(parsed, entry => entry.Key), problems);
    }

    /// <summary>The default tables, the conventional files under <paramref name="root"/> and the given files.</summary>
    public static AdapterTables Load(string? root, IEnumerable<string> files)
    {
        var tables = new List<(string, string)>(Embedded());
        var problems = new List<string>();
        if (root is not null && Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root, FilePrefix + "*.txt").OrderBy(f => f, StringComparer.Ordinal))
            {
                tables.Add((file, File.ReadAllText(file)));
            }
        }

        foreach (var file in files)
        {
            try
            {
                tables.Add((file, File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file}: cannot be read ({ex.Message})");
            }
        }

        var combined = Combine(tables);
        problems.AddRange(combined.Problems);
        return new AdapterTables(combined._entries, problems);
    }

    /// <summary>The default tables, embedded once, in the analyzer assembly (KPL9003 reads the same text).</summary>
    public static IEnumerable<(string Source, string Text)> Embedded() => AdapterTableFormat.Embedded();

    /// <summary>Whether the entry comes from the default table embedded in the tool (its sources are "rules/...").</summary>
    public static bool IsShippedWithTool(AdapterEntry entry)
        => entry.Source.StartsWith("rules/" + FilePrefix, StringComparison.Ordinal) && Embedded().Any(t => t.Source == entry.Source);

    public IEnumerable<AdapterEntry> Matching(string packageId, NuGetVersion version) => _entries.Where(e => e.Matches(packageId, version));
}
