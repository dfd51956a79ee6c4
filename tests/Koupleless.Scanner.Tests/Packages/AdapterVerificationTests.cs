using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>An adapter named in a table is looked up (offline: in a folder feed and the closure) before it may cover findings.</summary>
public sealed class AdapterVerificationTests : IDisposable
{
    private readonly TempTree _tree = new("adapterver");

    public void Dispose() => _tree.Dispose();

    /// <summary>A package with one mutable public static its own code reads (KPL1001, a sharing hazard), in a restore's packages folder.</summary>
    private PackageRef HazardousPackage(string id)
    {
        var image = CompiledAssembly.Compile($"public static class Settings{id.Replace(".", string.Empty)} {{ public static int Value; public static int Twice() => Value * 2; }}").Image.ToArray();
        return CraftedPackages.Restored(_tree, id, ($"lib/net8.0/{id}.dll", image));
    }

    [Fact]
    public async Task Only_adapters_found_on_a_source_or_in_the_closure_cover_findings()
    {
        var feed = new LocalFeed(_tree);
        feed.Add("Acme.Known.Koupleless", "1.0.0");
        var table = _tree.Write("tables/adapters.txt", """
            # adapters of the test
            Acme.Known | * | Acme.Known.Koupleless@1.0.0 | KPL1001 | published on the feed
            Acme.Typo | * | Acme.Typo.Koupleles@1.0.0 | KPL1001 | misspelt adapter id
            Acme.Own | * | Acme.Known@1.0.0 | KPL1001 | the adapter is a package of the closure itself
            """);
        var packages = new[] { HazardousPackage("Acme.Known"), HazardousPackage("Acme.Typo"), HazardousPackage("Acme.Own") };

        var report = await PackageScanEngine.RunAsync(
            new PackageScanOptions
            {
                Packages = packages,
                Target = "t",
                Catalogs = new[] { table },
                CacheFolder = _tree.PathOf("cache"),
                SettingsRoot = _tree.Root,
                Offline = true,
            },
            CancellationToken.None);

        PackageResult Result(string id) => report.Packages.Single(p => p.Id == id);
        Assert.Equal(Verdicts.CompatibleWithAdapter, Result("Acme.Known").Verdict);
        Assert.Equal(Verdicts.CompatibleWithAdapter, Result("Acme.Own").Verdict);

        var typo = Result("Acme.Typo");
        Assert.Equal(Verdicts.NeedsReview, typo.Verdict);
        Assert.Equal(Placements.PerModule, typo.Placement);
        Assert.NotNull(Assert.Single(typo.Adapters).Problem);
        var problem = Assert.Single(report.TableProblems);
        Assert.StartsWith(table + "(3): adapter 'Acme.Typo.Koupleles@1.0.0' is unknown: ", problem);
        Assert.Contains("test-feed: not found", problem);
        Assert.Null(Result("Acme.Known").Adapters.Single().Problem);
    }

    /// <summary>
    /// The default table's adapters are the tool's own packages: they are not looked up (an offline scan with an empty feed
    /// still applies them) and the report says to add the one the closure lacks.
    /// </summary>
    [Fact]
    public async Task The_default_tables_adapters_apply_unverified_and_are_listed_to_add()
    {
        var report = await PackageScanEngine.RunAsync(
            new PackageScanOptions
            {
                Packages = new[] { HazardousPackage("Dapper") },
                Target = "t",
                CacheFolder = _tree.PathOf("cache"),
                SettingsRoot = _tree.Root,
                Offline = true,
            },
            CancellationToken.None);

        var dapper = Assert.Single(report.Packages);
        Assert.Equal(Verdicts.CompatibleWithAdapter, dapper.Verdict);
        Assert.Null(Assert.Single(dapper.Adapters).Problem);
        Assert.Empty(report.TableProblems);
        var toAdd = Assert.Single(report.AdaptersToAdd);
        Assert.Equal(("Koupleless.Adapters.Dapper", "0.1.0"), (toAdd.Package, toAdd.Version));
        Assert.Equal(new[] { "Dapper 1.0.0" }, toAdd.For);
    }
}
