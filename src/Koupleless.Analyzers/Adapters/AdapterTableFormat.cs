using System;
using System.Collections.Generic;
using System.IO;

namespace Koupleless.Analyzers.Adapters;

/// <summary>
/// The package → adapter table format (docs/packages.md): <c>PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]</c>.
/// One reader of its lines for every front end: the build-time rule (KPL9003) and <c>koupleless packages</c> split lines here.
/// </summary>
public static class AdapterTableFormat
{
    public const string FilePrefix = "KouplelessAdapters";
    public const string FileExtension = ".txt";
    public const string ExpectedShape = "PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]";

    /// <summary>Where the default tables (rules/KouplelessAdapters*.txt) are embedded in this assembly.</summary>
    private const string ResourcePrefix = "Koupleless.Analyzers.Catalog.";

    public static bool IsAdapterTable(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Splits a table line on '|' but not on the "||" that joins version ranges; fields are trimmed.</summary>
    public static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '|')
            {
                continue;
            }

            if (i + 1 < line.Length && line[i + 1] == '|')
            {
                i++;
                continue;
            }

            fields.Add(line.Substring(start, i - start).Trim());
            start = i + 1;
        }

        fields.Add(line.Substring(start).Trim());
        return fields;
    }

    /// <summary>The version-range field split into its ranges ("[1.0,2.0) || [3.0,)"), spaces removed.</summary>
    public static string[] SplitRanges(string field)
    {
        var parts = field.Split(new[] { "||" }, StringSplitOptions.None);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Replace(" ", string.Empty);
        }

        return parts;
    }

    /// <summary>
    /// Entries of tables in precedence order, lowest first, in first-seen order: an entry with the same key (package id
    /// and range text) as an earlier one replaces it — the later table wins (docs/packages.md, "Combining tables").
    /// </summary>
    public static List<T> Combine<T>(IEnumerable<IEnumerable<T>> tables, Func<T, string> key)
    {
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var combined = new List<T>();
        foreach (var table in tables)
        {
            foreach (var entry in table)
            {
                if (byKey.TryGetValue(key(entry), out var index))
                {
                    combined[index] = entry;
                }
                else
                {
                    byKey[key(entry)] = combined.Count;
                    combined.Add(entry);
                }
            }
        }

        return combined;
    }

    /// <summary>The default tables embedded in this assembly as ("rules/KouplelessAdapters.txt", text), in name order.</summary>
    public static IEnumerable<(string Source, string Text)> Embedded()
    {
        var assembly = typeof(AdapterTableFormat).Assembly;
        var names = new List<string>(assembly.GetManifestResourceNames());
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!name.StartsWith(ResourcePrefix + FilePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return ("rules/" + name.Substring(ResourcePrefix.Length), reader.ReadToEnd());
        }
    }
}
