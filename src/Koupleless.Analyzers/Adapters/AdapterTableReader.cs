using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Adapters;

/// <summary>
/// Reads the fields of an adapter table the build-time rule uses (package id, version ranges, adapter). A line it cannot
/// read becomes a <see cref="CatalogError"/> naming file and line (reported as KPL9001); the other lines still apply.
/// <c>koupleless packages</c> reads the same lines through the same <see cref="AdapterTableFormat"/> and also checks
/// the fields only it uses (COVERS, links, NuGet id rules).
/// </summary>
public static class AdapterTableReader
{
    public static (ImmutableArray<AdapterRequirement> Entries, ImmutableArray<CatalogError> Errors) Read(string source, SourceText text)
    {
        var entries = ImmutableArray.CreateBuilder<AdapterRequirement>();
        var errors = ImmutableArray.CreateBuilder<CatalogError>();
        foreach (var line in text.Lines)
        {
            var trimmed = line.ToString().Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var problem = TryRead(trimmed, source, line.LineNumber + 1, out var entry);
            if (problem is null)
            {
                entries.Add(entry!);
            }
            else
            {
                errors.Add(new CatalogError(source, line.LineNumber + 1, line.Span, text.Lines.GetLinePositionSpan(line.Span), problem));
            }
        }

        return (entries.ToImmutable(), errors.ToImmutable());
    }

    private static string? TryRead(string line, string source, int lineNumber, out AdapterRequirement? entry)
    {
        entry = null;
        var fields = AdapterTableFormat.SplitFields(line);
        if (fields.Count is < 5 or > 6)
        {
            return $"adapter table: expected '{AdapterTableFormat.ExpectedShape}' but found {fields.Count} field(s)";
        }

        var id = fields[0];
        if (id.Length == 0 || id.IndexOf(' ') >= 0)
        {
            return $"adapter table: '{id}' is not a package id";
        }

        var rangeParts = AdapterTableFormat.SplitRanges(fields[1]);
        var ranges = ImmutableArray.CreateBuilder<AssemblyVersionRange>(rangeParts.Length);
        foreach (var part in rangeParts)
        {
            if (!AssemblyVersionRange.TryParse(part, out var range))
            {
                return $"adapter table: '{part}' is not a NuGet version range (e.g. [1.0,2.0), [3.0,), (,4.1], [2.5.1]) or '*'";
            }

            ranges.Add(range);
        }

        string? adapterId = null;
        string? adapterVersion = null;
        if (fields[2] != "-")
        {
            var at = fields[2].LastIndexOf('@');
            if (at <= 0 || at == fields[2].Length - 1)
            {
                return $"adapter table: adapter '{fields[2]}' is not 'PackageId@Version' or '-'";
            }

            adapterId = fields[2].Substring(0, at);
            adapterVersion = fields[2].Substring(at + 1);
        }

        entry = new AdapterRequirement(id, string.Join("||", rangeParts), ranges.MoveToImmutable(), adapterId, adapterVersion, source, lineNumber);
        return null;
    }

    /// <summary>Tables in precedence order, lowest first: an entry with the key of an earlier one replaces it.</summary>
    public static ImmutableArray<AdapterRequirement> Combine(IEnumerable<ImmutableArray<AdapterRequirement>> tables)
        => AdapterTableFormat.Combine<AdapterRequirement>(tables.Select(t => (IEnumerable<AdapterRequirement>)t), entry => entry.Key).ToImmutableArray();
}
