using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// Scans real packages from the registry once per test run: the machine's global packages folder first, then a download
/// (NuGet.Protocol, the machine's NuGet.Config sources) into a temporary cache shared by every test of the collection.
/// </summary>
public sealed class RealPackagesFixture : IAsyncLifetime
{
    public static readonly string[] Packages =
    {
        "Newtonsoft.Json@13.0.3",
        "Serilog@4.0.0",
        "NLog@5.5.1",
        "log4net@2.0.12",
        "Dapper@2.1.66",
        "AutoMapper@8.0.0",
        "Humanizer.Core@2.14.1",
        "Castle.Core@5.1.1",
        "Microsoft.Bcl.AsyncInterfaces@8.0.0",
        "Microsoft.Extensions.Primitives@8.0.0",
    };

    public string CacheFolder { get; } = Path.Combine(Path.GetTempPath(), "koupleless-pkgtest-" + Guid.NewGuid().ToString("N")[..8]);

    public PackagesReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var packages = Packages.Select(p => PackageRef.TryParse(p, out var r, out _) ? r! : throw new InvalidOperationException(p)).ToList();
        Report = await PackageScanEngine.RunAsync(
            new PackageScanOptions { Packages = packages, Target = "test", CacheFolder = CacheFolder },
            CancellationToken.None);
    }

    public PackageResult Package(string id) => Report.Packages.Single(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase));

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(CacheFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RealPackagesCollection : ICollectionFixture<RealPackagesFixture>
{
    public const string Name = "real packages";
}
