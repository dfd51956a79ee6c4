using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Packages.Acquisition;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Decompiled;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages;

/// <summary>
/// The dependencies (nuspec, nearest group for the framework, transitively) of the packages read that the scan itself
/// does not hold — a `--list` names only the packages to judge, a shard only its part — fetched as
/// references only: not judged, not reported, but bound against. Measured: Microsoft.CodeAnalysis.CSharp 4.8.0 listed
/// alone compiled with 80,117 errors (its dependency Microsoft.CodeAnalysis.Common missing) and its run took 4.3 × its
/// decompile time; with the dependency bound, 1.2 ×. Each dependency is taken at the lowest version its range allows
/// (NuGet's rule for a direct dependency), or the lowest the sources have in the range when that one is missing.
/// </summary>
internal static class ListedDependencies
{
    /// <summary>No closure is walked further than this: a reference set, not a restore.</summary>
    private const int MaxPackages = 400;

    private static readonly HashSet<string> FrameworkProvided = new(
        FrameworkReferencePack.Assemblies.Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Concat(new[] { "NETStandard.Library", "Microsoft.NETCore.Platforms", "Microsoft.NETCore.Targets" }),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>A nuspec is a few kilobytes; a larger one is not read (the archive is untrusted input).</summary>
    private const long MaxNuspecBytes = 1 << 20;

    public static async Task<List<PackageAssembly>> ReadAsync(
        IReadOnlyCollection<(PackageRef Package, string NupkgPath, NuGetFramework Framework)> read,
        PackageFetcher fetcher,
        NupkgLimits limits,
        CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(read.Select(r => r.Package.Id), StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<(string NupkgPath, NuGetFramework Framework)>(read.Select(r => (r.NupkgPath, r.Framework)));
        var assemblies = new List<PackageAssembly>();
        while (pending.Count > 0 && known.Count < MaxPackages)
        {
            var (nupkg, framework) = pending.Dequeue();
            foreach (var (dependency, range) in Dependencies(nupkg, framework))
            {
                // A package the framework provides (System.Text.Json, …; pruned from .NET 10 restores) binds to the
                // framework's assembly anyway: not fetched.
                if (!known.Add(dependency.Id) || FrameworkProvided.Contains(dependency.Id))
                {
                    continue;
                }

                var fetched = await fetcher.FetchLowestInRangeAsync(dependency.Id, range, cancellationToken).ConfigureAwait(false);
                if (fetched.NupkgPath is null)
                {
                    continue; // not available (offline, unknown): the code binds without it, as before
                }

                assemblies.AddRange(ReadPackage.From(dependency, fetched.NupkgPath, framework, limits).Assemblies);
                pending.Enqueue((fetched.NupkgPath, framework));
            }
        }

        return assemblies;
    }

    /// <summary>The package's dependencies for <paramref name="framework"/>; none when its nuspec cannot be read.</summary>
    private static IEnumerable<(PackageRef Package, VersionRange Range)> Dependencies(string nupkgPath, NuGetFramework framework)
    {
        List<(PackageRef, VersionRange)> dependencies;
        try
        {
            using var zip = ZipFile.OpenRead(nupkgPath);
            var nuspec = zip.Entries.FirstOrDefault(e => e.FullName.IndexOf('/') < 0 && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec is null || nuspec.Length > MaxNuspecBytes)
            {
                return Array.Empty<(PackageRef, VersionRange)>();
            }

            using var stream = nuspec.Open();
            var groups = new NuspecReader(stream).GetDependencyGroups().ToList();
            var nearest = NuGetFrameworkUtility.GetNearest(groups, framework, g => g.TargetFramework);
            dependencies = (nearest?.Packages ?? Enumerable.Empty<NuGet.Packaging.Core.PackageDependency>())
                .Where(d => d.VersionRange.MinVersion is not null)
                .Select(d => (new PackageRef(d.Id, d.VersionRange.MinVersion!), d.VersionRange))
                .ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or NuGet.Packaging.Core.PackagingException)
        {
            return Array.Empty<(PackageRef, VersionRange)>(); // the package's own problems are reported when it is read
        }

        return dependencies;
    }
}
