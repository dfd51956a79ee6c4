using Koupleless.Scanner.Packages.Model;

namespace Koupleless.Scanner.Packages;

/// <summary>What `koupleless packages` reports while it runs (the CLI shows it; calls come from several threads at once).</summary>
public interface IPackagesProgress
{
    /// <summary>The number of packages this run (this shard) will scan.</summary>
    void PackagesFound(int count);

    /// <summary>One package done: fetched and scanned, or given up with a reason in <see cref="PackageResult.Problems"/>.</summary>
    void PackageScanned(PackageResult result);
}
