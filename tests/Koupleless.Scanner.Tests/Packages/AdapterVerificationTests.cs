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

    /// <summary>A package with one mutable public static (KPL1001, a sharing hazard), in a restore's packages folder.</summary>
    private PackageRef HazardousPackage(string id)
    {
        var image = CompiledAssembly.Compile($"public static class Settings{id.Replace(".", string.Empty)} {{ public static int Value; }}").Image.ToArray();
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
}
