using System;
using System.Collections.Immutable;
using System.Linq;

namespace Koupleless.Analyzers.Adapters;

/// <summary>
/// What the build-time rule needs from one adapter table line: the package it matches (assembly name = package id),
/// its version ranges, and the adapter package ("-" when the entry only gives guidance: nothing to reference).
/// </summary>
public sealed record AdapterRequirement(
    string PackageId,
    string RangeText,
    ImmutableArray<AssemblyVersionRange> Ranges,
    string? AdapterId,
    string? AdapterVersion,
    string Source,
    int Line)
{
    /// <summary>A later table's entry with the same package id and range text replaces an earlier one.</summary>
    public string Key => PackageId.ToLowerInvariant() + "|" + RangeText;

    public bool Matches(string assemblyName, Version version)
        => string.Equals(assemblyName, PackageId, StringComparison.OrdinalIgnoreCase) && Ranges.Any(r => r.Satisfies(version));
}
