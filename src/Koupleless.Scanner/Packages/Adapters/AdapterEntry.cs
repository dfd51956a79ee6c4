using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Adapters;

/// <summary>
/// One line of an adapter table: packages it matches (id + NuGet version ranges, a union), the adapter package or
/// the guidance that makes them safe, and the hazards (rule IDs or families) it covers.
/// </summary>
public sealed record AdapterEntry(
    string PackageId,
    string RangeText,
    IReadOnlyList<VersionRange> Ranges,
    string? AdapterPackage,
    string? AdapterVersion,
    IReadOnlyList<string> Covers,
    string? Guidance,
    string? DocsUrl,
    string Source,
    int Line)
{
    /// <summary>Entries with the same key replace each other: the later table wins (docs/packages.md, "Combining tables").</summary>
    public string Key => PackageId.ToLowerInvariant() + "|" + RangeText;

    public bool Matches(string packageId, NuGetVersion version)
        => string.Equals(packageId, PackageId, StringComparison.OrdinalIgnoreCase) && Ranges.Any(r => r.Satisfies(version));

    /// <summary>Whether this entry covers findings of <paramref name="ruleId"/>: "*", the ID itself, or its family ("KPL1xxx").</summary>
    public bool CoversRule(string ruleId) => Covers.Any(c =>
        c == "*" || string.Equals(c, ruleId, StringComparison.OrdinalIgnoreCase)
        || (c.Length == 7 && c.EndsWith("xxx", StringComparison.OrdinalIgnoreCase) && ruleId.Length == 7
            && string.Compare(c, 0, ruleId, 0, 4, StringComparison.OrdinalIgnoreCase) == 0));
}
