using System;
using System.Linq;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Tests.Infrastructure;
using NuGet.Frameworks;
using NuGet.Versioning;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// runtimes/&lt;rid&gt;/lib/&lt;tfm&gt;/ assets: a framework-dependent app ships every RID's implementation and picks one at run
/// time, so each RID's nearest folder is scanned next to lib/.
/// </summary>
public sealed class RuntimeAssetsTests : IDisposable
{
    private static readonly NuGetFramework Net8 = NuGetFramework.Parse("net8.0");
    private readonly TempTree _tree = new("runtimes");

    public void Dispose() => _tree.Dispose();

    private static byte[] Clean() => CompiledAssembly.Compile("public static class Api { public static int Twice(int x) => x * 2; }").Image.ToArray();

    private static byte[] WithMutableStatic(string type) => CompiledAssembly.Compile($"public static class {type} {{ public static int Setting; public static int Twice() => Setting * 2; }}").Image.ToArray();

    private static PackageResult Scan(string nupkg)
        => PackageScanEngine.ScanPackageAsync(
            new PackageRef("Crafted", NuGetVersion.Parse("1.0.0")),
            nupkg,
            new PackageScanOptions { Packages = Array.Empty<PackageRef>(), Target = "t" }).GetAwaiter().GetResult();

    [Fact]
    public void Each_rid_contributes_its_nearest_framework_folder_next_to_lib()
    {
        var path = CraftedPackages.Write(_tree.PathOf("rid"), "rid.nupkg",
            ("lib/netstandard2.0/A.dll", Clean()),
            ("runtimes/win/lib/net6.0/A.dll", WithMutableStatic("WindowsOnly")),
            ("runtimes/win/lib/net9.0/A.dll", WithMutableStatic("TooNew")),
            ("runtimes/unix/lib/netstandard2.0/A.dll", WithMutableStatic("UnixOnly")),
            ("runtimes/linux/lib/net48/A.dll", WithMutableStatic("NetFramework")),
            ("runtimes/win-x64/native/A.dll", CraftedPackages.Text("not managed")));

        var content = NupkgReader.Read(path, Net8, NupkgLimits.Default);
        Assert.Equal("lib/netstandard2.0", content.LibFolder);
        Assert.Equal(new[] { "runtimes/unix/lib/netstandard2.0", "runtimes/win/lib/net6.0" }, content.RuntimeFolders);
        Assert.Equal(
            new[] { "lib/netstandard2.0/A.dll", "runtimes/unix/lib/netstandard2.0/A.dll", "runtimes/win/lib/net6.0/A.dll" },
            content.Assemblies.Select(a => a.Path));

        var result = Scan(path);
        Assert.Equal(new[] { "runtimes/unix/lib/netstandard2.0", "runtimes/win/lib/net6.0" }, result.RuntimeFolders);
        Assert.True(result.Complete);
        Assert.Equal(3, result.Assemblies.Count);
        Assert.Contains(result.Findings, f => f.RuleId == "KPL1001" && f.Type == "WindowsOnly" && f.Assembly == "runtimes/win/lib/net6.0/A.dll");
        Assert.Contains(result.Findings, f => f.RuleId == "KPL1001" && f.Type == "UnixOnly" && f.Assembly == "runtimes/unix/lib/netstandard2.0/A.dll");
        Assert.DoesNotContain(result.Findings, f => f.Type is "TooNew" or "NetFramework");
    }

    [Fact]
    public void A_package_with_only_rid_specific_assemblies_is_scanned()
    {
        var path = CraftedPackages.Write(_tree.PathOf("only"), "only.nupkg",
            ("ref/net8.0/A.dll", Clean()),
            ("runtimes/win/lib/net8.0/A.dll", WithMutableStatic("WindowsOnly")));

        var result = Scan(path);
        Assert.Null(result.LibFolder);
        Assert.Equal(new[] { "runtimes/win/lib/net8.0" }, result.RuntimeFolders);
        Assert.True(result.Scanned);
        Assert.Contains(result.Findings, f => f.RuleId == "KPL1001" && f.Type == "WindowsOnly");
    }

    [Fact]
    public void A_package_without_runtimes_reports_none()
    {
        var path = CraftedPackages.Write(_tree.PathOf("plain"), "plain.nupkg", ("lib/net8.0/A.dll", Clean()));
        var result = Scan(path);
        Assert.Equal("lib/net8.0", result.LibFolder);
        Assert.Null(result.RuntimeFolders);
        Assert.Empty(result.Findings);
    }
}
