using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Acquisition;
using Koupleless.Scanner.Packages.Closure;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Adapters;

/// <summary>
/// An adapter table entry names its adapter as Id@Version; a typo, an unpublished adapter or an entry copied from another
/// company's table would otherwise turn a hazardous package "compatible with adapter". Each adapter named by an entry
/// that matches a scanned package is looked up once: among the repository's own packages (the closure being scanned),
/// in the local packages folders, then on the configured package sources. An adapter that is not found is reported
/// with the table file and line, and its entry covers nothing.
/// </summary>
public static class AdapterVerification
{
    /// <returns>Per entry whose adapter was not found: why not. Entries without an adapter package are never in it.</returns>
    public static async Task<IReadOnlyDictionary<AdapterEntry, string>> UnknownAsync(
        IEnumerable<AdapterEntry> entries,
        IEnumerable<PackageRef> closure,
        PackageFetcher fetcher,
        CancellationToken cancellationToken)
    {
        var own = closure.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unknown = new Dictionary<AdapterEntry, string>();
        foreach (var entry in entries.Distinct())
        {
            if (entry.AdapterPackage is null || entry.AdapterVersion is null)
            {
                continue;
            }

            var adapter = new PackageRef(entry.AdapterPackage, NuGetVersion.Parse(entry.AdapterVersion));
            if (!answers.TryGetValue(adapter.Key, out var problem))
            {
                answers[adapter.Key] = problem = own.Contains(adapter.Key) ? null : await fetcher.FindAsync(adapter, cancellationToken).ConfigureAwait(false);
            }

            if (problem is not null)
            {
                unknown[entry] = problem;
            }
        }

        return unknown;
    }

    /// <summary>"rules/KouplelessAdapters.txt(12): adapter 'Id@1.0.0' ...": the table problem for an unknown adapter.</summary>
    public static string Describe(AdapterEntry entry, string problem)
        => $"{entry.Source}({entry.Line}): adapter '{entry.AdapterPackage}@{entry.AdapterVersion}' is unknown: {problem}; the entry is not applied";
}
