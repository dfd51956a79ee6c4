using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Adapters;
using Koupleless.Scanner.Packages.Model;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

public sealed class VerdictAndShardTests
{
    private static PackageResult Package(params string[] ruleIds)
    {
        var package = new PackageResult { Id = "P", Version = "1.0.0", Scanned = true };
        foreach (var id in ruleIds)
        {
            package.Findings.Add(new PackageFinding(id, Koupleless.Scanner.Model.RuleFamilies.Of(id), "m", "lib/net8.0/P.dll", "T", "M", null, null, null));
        }

        return package;
    }

    private static IReadOnlyList<AdapterEntry> Covering(string covers)
        => AdapterTables.Combine(new[] { ("t", $"P | * | - | {covers} | g") }).Entries;

    [Theory]
    [InlineData("", Verdicts.Compatible, Placements.Anywhere)]
    [InlineData("KPL1001", Verdicts.NeedsReview, Placements.PerModule)]
    [InlineData("KPL2001", Verdicts.NeedsReview, Placements.PerModule)]
    [InlineData("KPL3003", Verdicts.NeedsReview, Placements.Shared)]
    [InlineData("KPL2002", Verdicts.NeedsReview, Placements.Shared)]
    [InlineData("KPL1001,KPL3003", Verdicts.Incompatible, Placements.Nowhere)]
    [InlineData("KPL1003", Verdicts.Incompatible, Placements.Nowhere)]
    [InlineData("KPL1004", Verdicts.Incompatible, Placements.Nowhere)]
    public void Verdict_follows_the_kinds_of_uncovered_hazards(string rules, string verdict, string placement)
    {
        var package = Package(rules.Split(',', System.StringSplitOptions.RemoveEmptyEntries));
        VerdictRules.Apply(package, new List<AdapterEntry>());
        Assert.Equal(verdict, package.Verdict);
        Assert.Equal(placement, package.Placement);
    }

    [Fact]
    public void Covered_hazards_make_the_package_compatible_with_adapter()
    {
        var package = Package("KPL1001", "KPL3003");
        VerdictRules.Apply(package, Covering("KPL1xxx,KPL3003"));
        Assert.Equal(Verdicts.CompatibleWithAdapter, package.Verdict);
    }

    [Fact]
    public void Partly_covered_hazards_leave_the_rest_deciding()
    {
        var package = Package("KPL1001", "KPL3003");
        VerdictRules.Apply(package, Covering("KPL1001"));
        Assert.Equal(Verdicts.NeedsReview, package.Verdict);
        Assert.Equal(Placements.Shared, package.Placement);
    }

    [Fact]
    public void An_unread_package_needs_review()
    {
        var package = new PackageResult { Id = "P", Version = "1.0.0", Scanned = false };
        VerdictRules.Apply(package, new List<AdapterEntry>());
        Assert.Equal(Verdicts.NeedsReview, package.Verdict);
        Assert.Equal(Placements.Unknown, package.Placement);
    }

    [Fact]
    public void Shards_partition_the_ids_deterministically()
    {
        var ids = Enumerable.Range(0, 500).Select(i => "Package" + i).ToList();
        var shards = Enumerable.Range(1, 4).Select(i => new Shard(i, 4)).ToList();
        foreach (var id in ids)
        {
            Assert.Single(shards, s => s.Contains(id));
            Assert.Equal(shards.Single(s => s.Contains(id)), shards.Single(s => s.Contains(id.ToUpperInvariant())));
        }

        Assert.All(shards, s => Assert.InRange(ids.Count(s.Contains), 80, 170));

        // Pinned: the hash must not change between versions or machines, or shard reports stop lining up.
        Assert.Equal(0x811C9DC5u, Shard.Hash(string.Empty));
        Assert.Equal(Shard.Hash("newtonsoft.json"), Shard.Hash("Newtonsoft.Json"));
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/0")]
    public void Bad_shard_text_is_refused(string text) => Assert.False(Shard.TryParse(text, out _, out _));

    [Fact]
    public void Shard_text_parses()
    {
        Assert.True(Shard.TryParse("2/3", out var shard, out _));
        Assert.Equal(new Shard(2, 3), shard);
        Assert.Equal("2/3", shard.ToString());
    }
}
