using System;
using System.Collections.Generic;
using System.Linq;

namespace Koupleless.Scanner.Packages.Merge;

/// <summary>One report given to `koupleless merge`: its file, the shard it records ("i/n", null for a whole run) and its framework(s).</summary>
public sealed record MergeInput(string File, string? Shard, string? Framework);

/// <summary>
/// Whether the reports given to `koupleless merge` are the shards of one run: the same framework(s), the same shard
/// count, every shard present. Mixing runs is refused (the merged verdicts would describe no real closure); a missing
/// shard is named, because its packages are simply absent from the merged report.
/// </summary>
public static class ShardSet
{
    /// <returns>Why the inputs cannot be merged (null when they can), and the shards missing from them ("3/4").</returns>
    public static (string? Refusal, IReadOnlyList<string> Missing) Check(IReadOnlyList<MergeInput> inputs)
    {
        var frameworks = inputs.Where(i => !string.IsNullOrEmpty(i.Framework)).GroupBy(i => i.Framework!, StringComparer.OrdinalIgnoreCase).ToList();
        if (frameworks.Count > 1)
        {
            return ($"the reports read different frameworks ({Describe(frameworks)}); merge the shards of one run", Array.Empty<string>());
        }

        var shards = new List<(MergeInput Input, Shard Shard)>();
        foreach (var input in inputs.Where(i => !string.IsNullOrEmpty(i.Shard)))
        {
            if (!Shard.TryParse(input.Shard, out var shard, out _))
            {
                return ($"{input.File}: shard '{input.Shard}' is not 'i/n'", Array.Empty<string>());
            }

            shards.Add((input, shard));
        }

        if (shards.Count == 0)
        {
            return (null, Array.Empty<string>());
        }

        var whole = inputs.FirstOrDefault(i => string.IsNullOrEmpty(i.Shard));
        if (whole is not null)
        {
            return ($"{whole.File} is the report of a whole run but {shards[0].Input.File} is shard {shards[0].Shard}; merge the shards of one run", Array.Empty<string>());
        }

        var counts = shards.GroupBy(s => s.Shard.Count).ToList();
        if (counts.Count > 1)
        {
            return ($"the reports come from different shardings ({string.Join(", ", counts.Select(g => $"of {g.Key} in {g.First().Input.File}"))}); merge the shards of one run", Array.Empty<string>());
        }

        var count = counts[0].Key;
        var present = shards.Select(s => s.Shard.Index).ToHashSet();
        var missing = Enumerable.Range(1, count).Where(i => !present.Contains(i)).Select(i => new Shard(i, count).ToString()).ToList();
        return (null, missing);
    }

    private static string Describe(IEnumerable<IGrouping<string, MergeInput>> groups)
        => string.Join(", ", groups.Select(g => $"{g.Key} in {g.First().File}"));
}
