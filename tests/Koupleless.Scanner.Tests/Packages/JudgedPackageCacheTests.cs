using System;
using System.IO;
using Koupleless.Scanner.Packages.Decompiled;
using Koupleless.Scanner.Packages.Model;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>A kept judgement is found again only under the same key: tool build, extra catalogs and module host.</summary>
public sealed class JudgedPackageCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "koupleless-judged-" + Guid.NewGuid().ToString("N")[..8]);

    private static readonly JudgedPackage Judged = new(Array.Empty<ScannedAssembly>(), Array.Empty<PackageFinding>(), Array.Empty<string>(), Complete: true);

    [Fact]
    public void A_judgement_is_found_again_under_the_same_key()
    {
        new JudgedPackageCache(_folder, new[] { "catalog" }, "Own").Put("Lib", "1.0.0", "net8.0", Judged);

        var again = new JudgedPackageCache(_folder, new[] { "catalog" }, "Own");
        Assert.True(again.Holds("Lib", "1.0.0", "net8.0"));
        Assert.NotNull(again.TryGet("Lib", "1.0.0", "net8.0"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Base")]
    public void Another_module_host_judges_again(string? moduleHost)
    {
        new JudgedPackageCache(_folder, Array.Empty<string>(), "Own").Put("Lib", "1.0.0", "net8.0", Judged);

        var other = new JudgedPackageCache(_folder, Array.Empty<string>(), moduleHost);
        Assert.False(other.Holds("Lib", "1.0.0", "net8.0"));
        Assert.Null(other.TryGet("Lib", "1.0.0", "net8.0"));
    }

    [Fact]
    public void Another_catalog_judges_again()
    {
        new JudgedPackageCache(_folder, new[] { "catalog A" }).Put("Lib", "1.0.0", "net8.0", Judged);

        Assert.Null(new JudgedPackageCache(_folder, new[] { "catalog B" }).TryGet("Lib", "1.0.0", "net8.0"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
