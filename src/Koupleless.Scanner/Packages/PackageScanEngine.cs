using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Catalog;
using Koupleless.Scanner.Packages.Acquisition;
using Koupleless.Scanner.Packages.Adapters;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Il;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Packages;

/// <summary>
/// `koupleless packages`: fetches each package of the closure (cache first), reads its best lib/ (and runtimes/&lt;rid&gt;/lib/)
/// assemblies from the zip into pooled buffers, scans their IL against the hazard catalogs and matches the adapter tables. One bad package
/// becomes a reason in its own entry; it never stops the others.
/// </summary>
public static class PackageScanEngine
{
    public static async Task<PackagesReport> RunAsync(PackageScanOptions options, CancellationToken cancellationToken, IPackagesProgress? progress = null)
    {
        var total = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var report = new PackagesReport
        {
            Target = options.Target,
            Framework = options.FrameworkText,
            Shard = options.Shard.Count == 1 ? null : options.Shard.ToString(),
        };
        report.TableProblems.AddRange(options.InputProblems);

        var hazardCatalogs = new List<ParsedCatalog>();
        var adapterFiles = new List<string>();
        foreach (var file in options.Catalogs)
        {
            if (CatalogFiles.IsCatalogFile(file))
            {
                try
                {
                    var parsed = CatalogParser.Parse(file, SourceText.From(File.ReadAllText(file)), CatalogRules.Ids);
                    hazardCatalogs.Add(parsed);
                    report.TableProblems.AddRange(parsed.Errors.Select(e => $"{e.Source}({e.Line}): {e.Message}"));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    report.TableProblems.Add($"{file}: cannot be read ({ex.Message})");
                }
            }
            else
            {
                adapterFiles.Add(file);
            }
        }

        var hazards = BinaryHazards.FromCatalogs(hazardCatalogs);
        var tables = AdapterTables.Load(options.RootDirectory, adapterFiles);
        report.TableProblems.AddRange(tables.Problems);

        var packages = options.Packages.Where(p => options.Shard.Contains(p.Id)).ToList();
        progress?.PackagesFound(packages.Count);
        using var fetcher = new PackageFetcher(options.CacheFolder, options.SettingsRoot, options.Offline);
        var matches = packages.Distinct().ToDictionary(p => p.Key, p => tables.Matching(p.Id, p.Version).ToList(), StringComparer.Ordinal);
        var unknownAdapters = await AdapterVerification.UnknownAsync(matches.Values.SelectMany(m => m), options.Packages, fetcher, cancellationToken).ConfigureAwait(false);
        report.TableProblems.AddRange(unknownAdapters.OrderBy(u => u.Key.Source, StringComparer.Ordinal).ThenBy(u => u.Key.Line).Select(u => AdapterVerification.Describe(u.Key, u.Value)));
        var results = new ConcurrentBag<PackageResult>();
        var scanTicks = 0L;
        await Parallel.ForEachAsync(
            packages,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            async (package, ct) =>
            {
                var fetched = await fetcher.FetchAsync(package, ct).ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                PackageResult result;
                if (fetched.NupkgPath is null)
                {
                    result = NewResult(package, options.FrameworkFor(package));
                    result.Problems.Add("package unavailable: " + fetched.Failure);
                }
                else
                {
                    result = ScanPackage(package, fetched.NupkgPath, options, hazards);
                }

                Interlocked.Add(ref scanTicks, Stopwatch.GetTimestamp() - started);
                VerdictRules.Apply(result, AttachAdapters(result, matches[package.Key], unknownAdapters));
                results.Add(result);
                progress?.PackageScanned(result);
            }).ConfigureAwait(false);

        report.Packages.AddRange(results.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ThenBy(r => NuGet.Versioning.NuGetVersion.Parse(r.Version)));
        var stats = report.Statistics;
        stats.Packages = report.Packages.Count;
        stats.Assemblies = report.Packages.Sum(p => p.Assemblies.Count);
        stats.AssemblyBytes = report.Packages.Sum(p => p.Assemblies.Sum(a => a.Bytes));
        stats.IlBytes = report.Packages.Sum(p => p.Assemblies.Sum(a => a.IlBytes));
        stats.ScanSeconds = Math.Round((double)scanTicks / Stopwatch.Frequency, 3);
        stats.TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 3);
        stats.CpuSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds, 3);
        return report;
    }

    /// <summary>Reads and scans one package already on disk (used by the engine and by tests on crafted archives).</summary>
    internal static PackageResult ScanPackage(PackageRef package, string nupkgPath, PackageScanOptions options, BinaryHazards hazards)
    {
        var framework = options.FrameworkFor(package);
        var result = NewResult(package, framework);
        var scannedAssemblies = new List<AssemblyScanResult>();
        NupkgContent content;
        try
        {
            // Each assembly is scanned while its pooled buffer is live; the results are reported after the reader's problems, as read.
            content = NupkgReader.Read(nupkgPath, framework, options.Limits, (path, buffer, length) => scannedAssemblies.Add(AssemblyScanner.Scan(buffer, length, path, hazards)));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            content = new NupkgContent(null, Array.Empty<(string, System.Collections.Immutable.ImmutableArray<byte>)>(), Array.Empty<string>(), $"cannot be read ({ex.Message})");
        }

        if (content.Failure is not null)
        {
            result.Problems.Add(content.Failure);
            return result;
        }

        result.Problems.AddRange(content.Problems);
        result.LibFolder = content.LibFolder;
        result.RuntimeFolders = content.RuntimeFolders.Count == 0 ? null : content.RuntimeFolders.ToList();
        // A package with lib/ assets but none for this framework was not read at all: "no finding" proves nothing.
        result.Complete = content.SkippedAssemblies == 0 && !content.NothingForFramework;
        foreach (var scanned in scannedAssemblies)
        {
            if (scanned.Problem is not null)
            {
                result.Problems.Add(scanned.Problem);
                result.Complete &= scanned.IsNative;
            }

            if (scanned.Assembly is not null)
            {
                result.Assemblies.Add(scanned.Assembly);
            }

            result.Findings.AddRange(scanned.Findings);
        }

        // A package whose every assembly failed to read was not really scanned.
        result.Scanned = (scannedAssemblies.Count == 0 && content.SkippedAssemblies == 0) || result.Assemblies.Count > 0;
        return result;
    }

    private static PackageResult NewResult(PackageRef package, NuGet.Frameworks.NuGetFramework framework) => new()
    {
        Id = package.Id,
        Version = package.Version.ToNormalizedString(),
        Framework = framework.GetShortFolderName(),
        UsedBy = package.UsedBy.Count == 0 ? null : package.UsedBy.ToList(),
    };

    /// <summary>Lists every matching entry on the package; returns those that may cover its findings (adapter found, or guidance only).</summary>
    private static List<AdapterEntry> AttachAdapters(PackageResult result, List<AdapterEntry> matches, IReadOnlyDictionary<AdapterEntry, string> unknownAdapters)
    {
        foreach (var entry in matches)
        {
            var problem = unknownAdapters.TryGetValue(entry, out var why) ? "adapter package not found: " + why : null;
            result.Adapters.Add(new AdapterMatch(entry.PackageId, entry.RangeText, entry.AdapterPackage, entry.AdapterVersion, entry.Covers, entry.Guidance, entry.DocsUrl, entry.Source, entry.Line) { Problem = problem });
        }

        return matches.Where(e => !unknownAdapters.ContainsKey(e)).ToList();
    }
}
