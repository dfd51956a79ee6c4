using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Closure;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace Koupleless.Scanner.Packages.Acquisition;

/// <summary>Where a package's .nupkg is, or why it could not be had.</summary>
public sealed record FetchResult(string? NupkgPath, string? Failure);

/// <summary>
/// Finds a package's .nupkg: the restore's own packages folder, the machine's global packages folder, then the scanner's
/// cache folder; failing those it downloads from the machine's NuGet sources (NuGet.Config via
/// Settings.LoadDefaultSettings, the same sources `dotnet restore` uses) with NuGet.Protocol into the cache folder.
/// Nothing is written anywhere else: the file name is built from a validated id and a normalized version only.
/// </summary>
public sealed class PackageFetcher : IDisposable
{
    private readonly string _cacheFolder;
    private readonly string? _globalPackagesFolder;
    // Created on the first download only: a warm cache never pays for NuGet.Protocol's start-up.
    private readonly Lazy<IReadOnlyList<SourceRepository>> _sources;
    private readonly SourceCacheContext _cacheContext = new();
    private readonly bool _offline;

    public PackageFetcher(string cacheFolder, string? settingsRoot = null, bool offline = false)
    {
        _cacheFolder = Path.GetFullPath(cacheFolder);
        _offline = offline;
        var settings = Settings.LoadDefaultSettings(settingsRoot ?? Directory.GetCurrentDirectory());
        try
        {
            _globalPackagesFolder = SettingsUtility.GetGlobalPackagesFolder(settings);
        }
        catch (InvalidOperationException)
        {
            _globalPackagesFolder = null;
        }

        _sources = new Lazy<IReadOnlyList<SourceRepository>>(
            () => new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).Select(s => Repository.Factory.GetCoreV3(s)).ToList(),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static string DefaultCacheFolder => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "koupleless", "packages");

    public string CacheFolder => _cacheFolder;

    public async Task<FetchResult> FetchAsync(PackageRef package, CancellationToken cancellationToken)
    {
        var id = package.Id.ToLowerInvariant();
        var version = package.Version.ToNormalizedString().ToLowerInvariant();
        var fileName = id + "." + version + ".nupkg";
        foreach (var candidate in Candidates(package, id, version, fileName))
        {
            if (File.Exists(candidate))
            {
                return new FetchResult(candidate, null);
            }
        }

        if (_offline)
        {
            return new FetchResult(null, "not in any local packages folder and --offline was given");
        }

        var folder = Path.GetFullPath(Path.Combine(_cacheFolder, id, version));
        var target = Path.Combine(folder, fileName);
        if (!folder.StartsWith(_cacheFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return new FetchResult(null, "the package id or version does not make a path inside the cache folder");
        }

        var failures = new List<string>();
        foreach (var source in _sources.Value)
        {
            try
            {
                var resource = await source.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(folder);
                var temp = Path.Combine(folder, fileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
                bool found;
                await using (var stream = File.Create(temp))
                {
                    found = await resource.CopyNupkgToStreamAsync(package.Id, package.Version, stream, _cacheContext, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
                }

                if (found)
                {
                    File.Move(temp, target, overwrite: true);
                    return new FetchResult(target, null);
                }

                File.Delete(temp);
                failures.Add($"{source.PackageSource.Name}: not found");
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex) when (ex is FatalProtocolException or IOException or UnauthorizedAccessException or System.Net.Http.HttpRequestException)
            {
                failures.Add($"{source.PackageSource.Name}: {ex.Message}");
            }
        }

        return new FetchResult(null, failures.Count == 0
            ? "not in any local packages folder and no NuGet source is configured"
            : "could not be downloaded (" + string.Join("; ", failures) + ")");
    }

    private IEnumerable<string> Candidates(PackageRef package, string id, string version, string fileName)
    {
        if (package.KnownFolder is { } known)
        {
            yield return Path.Combine(known, fileName);
        }

        if (_globalPackagesFolder is { } global)
        {
            yield return Path.Combine(global, id, version, fileName);
        }

        yield return Path.Combine(_cacheFolder, id, version, fileName);
    }

    public void Dispose() => _cacheContext.Dispose();
}
