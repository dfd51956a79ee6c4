using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Tests.Infrastructure;
using NuGet.Frameworks;
using NuGet.Versioning;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>Corrupt, truncated, hostile and missing packages: a clear reason each, never a crash, never a write outside the cache.</summary>
public sealed class BadPackageTests : IDisposable
{
    private static readonly NuGetFramework Net8 = NuGetFramework.Parse("net8.0");
    private readonly TempTree _tree = new("badpkg");

    public void Dispose() => _tree.Dispose();

    private static Koupleless.Scanner.Packages.Model.PackageResult Scan(string nupkg, NupkgLimits? limits = null)
        => PackageScanEngine.ScanPackageAsync(
            new PackageRef("Crafted", NuGetVersion.Parse("1.0.0")),
            nupkg,
            new PackageScanOptions { Packages = Array.Empty<PackageRef>(), Target = "t", Limits = limits ?? NupkgLimits.Default }).GetAwaiter().GetResult();

    [Fact]
    public void Random_bytes_are_not_a_package()
    {
        var path = _tree.PathOf("random.nupkg");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var result = Scan(path);
        Assert.False(result.Scanned);
        Assert.Contains(result.Problems, p => p.Contains("not a valid package archive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_truncated_package_is_reported_not_thrown()
    {
        var whole = CraftedPackages.Write(_tree.PathOf("w"), "whole.nupkg", ("lib/net8.0/A.dll", CraftedPackages.SomeAssembly()));
        var bytes = File.ReadAllBytes(whole);
        var path = _tree.PathOf("truncated.nupkg");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var result = Scan(path);
        Assert.False(result.Scanned);
        Assert.Contains(result.Problems, p => p.Contains("corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_escaping_the_folder_are_reported_and_nothing_is_written()
    {
        var path = CraftedPackages.Write(_tree.PathOf("slip"), "slip.nupkg",
            ("../../evil.dll", CraftedPackages.Text("x")),
            ("lib/net8.0/../../../outside.dll", CraftedPackages.Text("x")),
            ("/rooted.dll", CraftedPackages.Text("x")),
            ("lib/net8.0/A.dll", CraftedPackages.SomeAssembly()));
        var result = Scan(path);
        Assert.Equal(3, result.Problems.Count(p => p.Contains("zip slip", StringComparison.Ordinal)));
        Assert.True(result.Scanned);
        Assert.Single(result.Assemblies);
        Assert.False(File.Exists(_tree.PathOf("../evil.dll")));
        Assert.Equal(new[] { "slip.nupkg" }, Directory.GetFileSystemEntries(_tree.PathOf("slip")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_highly_compressed_entry_is_skipped_as_a_zip_bomb()
    {
        var path = CraftedPackages.Write(_tree.PathOf("bomb"), "bomb.nupkg", ("lib/net8.0/Bomb.dll", new byte[3 * 1024 * 1024]));
        var result = Scan(path, NupkgLimits.Default with { MaxCompressionRatio = 100 });
        Assert.Contains(result.Problems, p => p.Contains("zip bomb", StringComparison.Ordinal) && p.Contains("Bomb.dll", StringComparison.Ordinal));
        Assert.Empty(result.Assemblies);

        // Nothing was read, so "no findings" must not become "compatible".
        Assert.False(result.Scanned);
        Koupleless.Scanner.Packages.Model.VerdictRules.Apply(result, Array.Empty<Koupleless.Scanner.Packages.Adapters.AdapterEntry>());
        Assert.Equal(Koupleless.Scanner.Packages.Model.Verdicts.NeedsReview, result.Verdict);
    }

    [Fact]
    public void An_entry_inflating_past_its_declared_size_is_skipped()
    {
        var path = CraftedPackages.Write(_tree.PathOf("liar"), "liar.nupkg", ("lib/net8.0/Liar.dll", CraftedPackages.SomeAssembly()));
        var bytes = File.ReadAllBytes(path);

        // Patch the central directory's uncompressed size (offset 24 of the record) down to 100 bytes.
        var record = -1;
        for (var i = bytes.Length - 46; i >= 0; i--)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02)
            {
                record = i;
                break;
            }
        }

        Assert.True(record >= 0);
        System.BitConverter.GetBytes(100).CopyTo(bytes, record + 24);
        File.WriteAllBytes(path, bytes);
        var result = Scan(path);
        Assert.Empty(result.Assemblies);
        // Either the reader sees the entry inflate past its header (skipped) or the runtime's zip stream stops at the
        // declared size and the truncated image is no assembly: never more than the declared bytes are read.
        Assert.True(
            result.Problems.Exists(p => p.StartsWith("lib/net8.0/Liar.dll:", StringComparison.Ordinal)
                && (p.EndsWith("skipped", StringComparison.Ordinal) || p.Contains("not a readable assembly", StringComparison.Ordinal))),
            string.Join(" | ", result.Problems));
    }

    [Fact]
    public void An_entry_over_the_size_limit_is_skipped()
    {
        var path = CraftedPackages.Write(_tree.PathOf("big"), "big.nupkg", ("lib/net8.0/A.dll", CraftedPackages.SomeAssembly()));
        var result = Scan(path, NupkgLimits.Default with { MaxEntryBytes = 1024 });
        Assert.Contains(result.Problems, p => p.Contains("limit per assembly", StringComparison.Ordinal));
        Assert.Empty(result.Assemblies);
    }

    [Fact]
    public void Invalid_metadata_is_named_per_assembly_and_the_rest_is_scanned()
    {
        var path = CraftedPackages.Write(_tree.PathOf("meta"), "meta.nupkg",
            ("lib/net8.0/Garbage.dll", CraftedPackages.Text(new string('M', 5000))),
            ("lib/net8.0/Good.dll", CraftedPackages.SomeAssembly()));
        var result = Scan(path);
        Assert.Contains(result.Problems, p => p.StartsWith("lib/net8.0/Garbage.dll:", StringComparison.Ordinal));
        Assert.Single(result.Assemblies);
        Assert.True(result.Scanned);
        Assert.False(result.Complete);
        Koupleless.Scanner.Packages.Model.VerdictRules.Apply(result, Array.Empty<Koupleless.Scanner.Packages.Adapters.AdapterEntry>());
        Assert.NotEqual(Koupleless.Scanner.Packages.Model.Verdicts.Compatible, result.Verdict);
    }

    [Fact]
    public void A_package_without_a_compatible_lib_folder_says_so()
    {
        var path = CraftedPackages.Write(_tree.PathOf("fx"), "fx.nupkg", ("lib/net48/A.dll", CraftedPackages.SomeAssembly()));
        var result = Scan(path);
        Assert.Contains(result.Problems, p => p.Contains("no lib/ folder is compatible with net8.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Picks_the_nearest_framework_folder()
    {
        var path = CraftedPackages.Write(_tree.PathOf("pick"), "pick.nupkg",
            ("lib/netstandard2.0/A.dll", CraftedPackages.SomeAssembly()),
            ("lib/net6.0/A.dll", CraftedPackages.SomeAssembly()),
            ("lib/net9.0/A.dll", CraftedPackages.SomeAssembly()));
        Assert.Equal("lib/net6.0", NupkgReader.Read(path, Net8, NupkgLimits.Default).LibFolder);
    }

    [Fact]
    public void A_placeholder_folder_for_the_framework_means_nothing_to_load()
    {
        var path = CraftedPackages.Write(_tree.PathOf("placeholder"), "p.nupkg",
            ("lib/netstandard2.0/A.dll", CraftedPackages.SomeAssembly()),
            ("lib/net8.0/_._", System.Array.Empty<byte>()));
        var content = NupkgReader.Read(path, Net8, NupkgLimits.Default);
        Assert.Equal("lib/net8.0", content.LibFolder);
        Assert.Empty(content.Assemblies);
    }

    [Fact]
    public async Task A_missing_package_is_reported_with_the_reason()
    {
        var report = await PackageScanEngine.RunAsync(
            new PackageScanOptions
            {
                Packages = new[] { new PackageRef("No.Such.Package.Koupleless", NuGetVersion.Parse("1.0.0")) },
                Target = "t",
                CacheFolder = _tree.PathOf("cache"),
                Offline = true,
            },
            CancellationToken.None);
        var package = Assert.Single(report.Packages);
        Assert.False(package.Scanned);
        Assert.Equal(Koupleless.Scanner.Packages.Model.Verdicts.NeedsReview, package.Verdict);
        Assert.Contains(package.Problems, p => p.StartsWith("package unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupt_package_in_a_folder_feed_is_a_named_problem_and_the_rest_is_scanned()
    {
        var feed = new LocalFeed(_tree);
        var corrupt = Path.Combine(feed.Folder, "koupleless.corrupt.1.0.0.nupkg");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
        feed.Add("Koupleless.Good", "1.0.0", ("lib/net8.0/Good.dll", CraftedPackages.SomeAssembly()));
        var list = _tree.Write("list.txt", "Koupleless.Corrupt@1.0.0\nKoupleless.Good@1.0.0\n");

        var run = await CliRun.RunAsync("packages", "--list", list, "--cache", _tree.PathOf("cache"), "--output", _tree.PathOf("out"), "--format", "json", "--fail-on", "none");

        // Not a crash (exit 1, no report): the package is not scanned (exit 3) and named with its file and the reason.
        Assert.True(run.ExitCode == 3, run.ToString());
        var report = Koupleless.Scanner.Packages.Reporting.PackagesJson.Read(_tree.PathOf("out/koupleless-packages.json"));
        var bad = Assert.Single(report.Packages, p => p.Id == "Koupleless.Corrupt");
        Assert.False(bad.Scanned);
        Assert.Contains(bad.Problems, p => p.Contains(corrupt, StringComparison.Ordinal) && p.Contains("not a valid package archive", StringComparison.Ordinal));
        Assert.Contains("Koupleless.Corrupt 1.0.0 not scanned", run.Stderr);
        Assert.True(Assert.Single(report.Packages, p => p.Id == "Koupleless.Good").Scanned);
        Assert.Empty(Directory.GetFiles(_tree.PathOf("cache"), "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../x.dll", true)]
    [InlineData("lib/../../x.dll", true)]
    [InlineData("/etc/x.dll", true)]
    [InlineData("C:/x.dll", true)]
    [InlineData("..\\x.dll", true)]
    [InlineData("lib/net8.0/x..dll", false)]
    [InlineData("lib/net8.0/x.dll", false)]
    public void Recognises_escaping_entry_names(string name, bool escapes) => Assert.Equal(escapes, NupkgReader.EscapesRoot(name));
}
