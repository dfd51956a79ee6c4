using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Koupleless.Analyzers.Adapters;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Adapters;

/// <summary>
/// Reads the adapter table format documented in docs/packages.md:
/// <code>PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]</code>
/// VERSION-RANGES is NuGet range syntax, several joined by "||" ("[1.0,2.0)||[3.0,)"), or "*" for every version.
/// ADAPTER is "Id@Version" or "-". COVERS lists rule IDs or families ("KPL1005,KPL2xxx", "*").
/// '#' starts a comment line. A malformed line is reported with its file and line; the others still apply.
/// Lines are split by <see cref="AdapterTableFormat"/>, as the build-time rule KPL9003 splits them.
/// </summary>
public static partial class AdapterTableParser
{
    public static (List<AdapterEntry> Entries, List<string> Problems) Parse(string source, string text)
    {
        var entries = new List<AdapterEntry>();
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var problem = TryParse(line, source, i + 1, out var entry);
            if (problem is null)
            {
                entries.Add(entry!);
            }
            else
            {
                problems.Add($"{source}({i + 1}): {problem}");
            }
        }

        return (entries, problems);
    }

    private static string? TryParse(string line, string source, int lineNumber, out AdapterEntry? entry)
    {
        entry = null;
        var fields = AdapterTableFormat.SplitFields(line);
        if (fields.Count is < 5 or > 6)
        {
            return $"expected 'PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]' but found {fields.Count} field(s)";
        }

        var id = fields[0];
        if (!NuGet.Packaging.PackageIdValidator.IsValidPackageId(id))
        {
            return $"'{id}' is not a valid package id";
        }

        var ranges = new List<VersionRange>();
        var rangeParts = AdapterTableFormat.SplitRanges(fields[1]);
        foreach (var part in rangeParts)
        {
            if (part == "*")
            {
                ranges.Add(VersionRange.All);
            }
            else if (part.Length > 0 && (part[0] is '[' or '(') && VersionRange.TryParse(part, out var range))
            {
                ranges.Add(range);
            }
            else
            {
                return $"'{part}' is not a NuGet version range (e.g. [1.0,2.0), [3.0,), (,4.1], [2.5.1]) or '*'";
            }
        }

        string? adapterId = null;
        string? adapterVersion = null;
        if (fields[2] != "-")
        {
            var at = fields[2].LastIndexOf('@');
            if (at <= 0 || !NuGet.Packaging.PackageIdValidator.IsValidPackageId(fields[2][..at]) || !NuGetVersion.TryParse(fields[2][(at + 1)..], out var version))
            {
                return $"adapter '{fields[2]}' is not 'PackageId@Version' or '-'";
            }

            adapterId = fields[2][..at];
            adapterVersion = version.ToNormalizedString();
        }

        var covers = fields[3].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (covers.Count == 0)
        {
            return "COVERS is empty: list the rule IDs or families (KPL1005, KPL2xxx, *) the adapter makes safe";
        }

        foreach (var cover in covers)
        {
            if (cover != "*" && !RuleOrFamily().IsMatch(cover))
            {
                return $"'{cover}' in COVERS is not a rule ID (KPL1005), a family (KPL1xxx) or '*'";
            }
        }

        var guidance = fields[4].Length == 0 ? null : fields[4];
        if (adapterId is null && guidance is null)
        {
            return "give an adapter package or guidance text (or both)";
        }

        string? docs = null;
        if (fields.Count == 6 && fields[5].Length > 0)
        {
            if (!Uri.TryCreate(fields[5], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return $"'{fields[5]}' is not an http(s) link";
            }

            docs = fields[5];
        }

        var rangeText = string.Join("||", rangeParts);
        entry = new AdapterEntry(id, rangeText, ranges, adapterId, adapterVersion, covers.Select(c => c.ToUpperInvariant().Replace("XXX", "xxx")).ToList(), guidance, docs, source, lineNumber);
        return null;
    }

    [GeneratedRegex("^KPL[0-9]([0-9]{3}|xxx|XXX)$")]
    private static partial Regex RuleOrFamily();
}
