using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Catalog;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Packages.Acquisition;
using Koupleless.Scanner.Packages.Adapters;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Decompiled;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Packages;

/// <summary>
/// `koupleless packages`: fetches each package of the closure (cache first), reads its best lib/ (and runtimes/&lt;rid&gt;/lib/)
/// assemblies, and has them judged by the analyzers of `koupleless scan` — decompiled to C#, compiled against the
/// framework and the rest of the closure, analysed as Shared and as Module code (docs/packages.md). Judgements are
/// cached per package; adapter tables then decide the verdict. One bad package becomes a reason in its own entry; it
/// never stops the others.
/// </summary>
public static class PackageScanEngine
{
    /// <summary>Where judgements are kept under the package cache folder.</summary>
    public const string JudgementsFolder = "judged";

    public static async Task<PackagesReport> RunAsync(PackageScanOptions options, CancellationToken cancellationToken, IPackagesProgress? progress = null)
    {
        var total = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var report = new PackagesReport
        {
            Target = options.Target,
            Framework = options.FrameworkText,
            Shard = options.Shard.Count == 1 ? null : options.Shard.ToString(),
            ModuleHost = options.ModuleHost,
        };
        report.TableProblems.AddRange(options.InputProblems);

        var (catalogs, parsedCatalogs, catalogTexts, adapterFiles) = ReadCatalogs(options, report.TableProblems);
        var tables = AdapterTables.Load(options.RootDirectory, adapterFiles);
        report.TableProblems.AddRange(tables.Problems);

        var packages = options.Packages.Where(p => options.Shard.Contains(p.Id)).ToList();
        progress?.PackagesFound(packages.Count);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken };

        // 1. Every package read first: each one's code is compiled against all the others'.
        using var fetcher = new PackageFetcher(options.CacheFolder, options.SettingsRoot, options.Offline);
        var matches = packages.Distinct().ToDictionary(p => p.Key, p => tables.Matching(p.Id, p.Version).ToList(), StringComparer.Ordinal);
        var unknownAdapters = await AdapterVerification.UnknownAsync(matches.Values.SelectMany(m => m), options.Packages, fetcher, cancellationToken).ConfigureAwait(false);
        report.TableProblems.AddRange(unknownAdapters.OrderBy(u => u.Key.Source, StringComparer.Ordinal).ThenBy(u => u.Key.Line).Select(u => AdapterVerification.Describe(u.Key, u.Value)));
        var read = new ConcurrentDictionary<PackageRef, ReadPackage>();
        var archives = new ConcurrentBag<(PackageRef, string, NuGet.Frameworks.NuGetFramework)>();
        await Parallel.ForEachAsync(packages, parallel, async (package, ct) =>
        {
            var fetched = await fetcher.FetchAsync(package, ct).ConfigureAwait(false);
            read[package] = fetched.NupkgPath is null
                ? ReadPackage.Unavailable(package, options.FrameworkFor(package), fetched.Failure)
                : ReadPackage.From(package, fetched.NupkgPath, options.FrameworkFor(package), options.Limits);
            if (fetched.NupkgPath is not null)
            {
                archives.Add((package, fetched.NupkgPath, options.FrameworkFor(package)));
            }
        }).ConfigureAwait(false);

        // 2. Judged (or taken from the cache), then the verdict.
        var scope = options.SelectTypes ? DecompileScope.Selected(parsedCatalogs) : DecompileScope.Whole;

        // The cache keeps whole-assembly judgements only: a selection run is the experiment, judged against them.
        var cache = new JudgedPackageCache(
            options.UseJudgementCache && scope.IsWhole ? Path.Combine(options.CacheFolder, JudgementsFolder) : null, catalogTexts, options.ModuleHost);

        // The dependencies the scan does not hold (a --list, a shard) are bound against, not judged; only read when
        // some package is to be judged (a warm run needs no references).
        var toJudge = archives.Where(a => a.Item1.ProvidedByFramework is null && !cache.Holds(a.Item1.Id, a.Item1.Version.ToNormalizedString(), a.Item3.GetShortFolderName())).ToList();
        var dependencies = toJudge.Count == 0
            ? new List<PackageAssembly>()
            : await ListedDependencies.ReadAsync(archives.ToList(), fetcher, options.Limits, cancellationToken).ConfigureAwait(false);
        var references = new ReferenceAssemblies(read.Values.SelectMany(r => r.Assemblies).Concat(dependencies));
        var judge = new PackageJudge(references, AnalyzerSet.Discover(), catalogs, scope, options.ModuleHost);
        var results = new ConcurrentBag<PackageResult>();
        var judgeTicks = 0L;
        int judgedCount = 0, fromCache = 0;
        await Parallel.ForEachAsync(LargestFirst(packages, read), parallel, async (package, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = read[package].Result;
            if (result.Scanned && read[package].Assemblies.Count > 0 && result.ProvidedBy is null)
            {
                var version = package.Version.ToNormalizedString();
                var framework = options.FrameworkFor(package).GetShortFolderName();
                var judged = cache.TryGet(package.Id, version, framework);
                if (judged is null)
                {
                    judged = await judge.JudgeAsync(read[package].Assemblies, ct).ConfigureAwait(false);
                    cache.Put(package.Id, version, framework, judged);
                    Interlocked.Increment(ref judgedCount);
                }
                else
                {
                    Interlocked.Increment(ref fromCache);
                }

                Apply(result, judged);
            }

            Interlocked.Add(ref judgeTicks, Stopwatch.GetTimestamp() - started);
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
        stats.PackagesJudged = judgedCount;
        stats.PackagesFromCache = fromCache;
        stats.ScanSeconds = Math.Round((double)judgeTicks / Stopwatch.Frequency, 3);
        stats.TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 3);
        stats.CpuSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds, 3);
        return report;
    }

    /// <summary>
    /// The order packages are judged in: largest assemblies first. Judging costs about in proportion to the code, and a
    /// few assemblies take minutes; started last, one of them would run alone on one core at the end of a cold run.
    /// The report's order does not depend on it (sorted by id and version).
    /// </summary>
    internal static IEnumerable<PackageRef> LargestFirst(IReadOnlyList<PackageRef> packages, IReadOnlyDictionary<PackageRef, ReadPackage> read)
        => packages.OrderByDescending(p => read.TryGetValue(p, out var r) ? r.Assemblies.Sum(a => (long)a.Image.Length) : 0L);

    /// <summary>Reads and judges one package already on disk, on its own (tests on crafted archives).</summary>
    internal static async Task<PackageResult> ScanPackageAsync(PackageRef package, string nupkgPath, PackageScanOptions options, CancellationToken cancellationToken = default)
    {
        var read = ReadPackage.From(package, nupkgPath, options.FrameworkFor(package), options.Limits);
        if (read.Result.Scanned && read.Assemblies.Count > 0)
        {
            var judge = new PackageJudge(new ReferenceAssemblies(read.Assemblies), AnalyzerSet.Discover(), ImmutableArray<AdditionalText>.Empty, options.SelectTypes ? DecompileScope.Selected(Array.Empty<ParsedCatalog>()) : DecompileScope.Whole, options.ModuleHost);
            Apply(read.Result, await judge.JudgeAsync(read.Assemblies, cancellationToken).ConfigureAwait(false));
        }

        VerdictRules.Apply(read.Result, Array.Empty<AdapterEntry>());
        return read.Result;
    }

    private static void Apply(PackageResult result, JudgedPackage judged)
    {
        result.Assemblies.AddRange(judged.Assemblies);
        result.Findings.AddRange(judged.Findings);
        result.Problems.AddRange(judged.Problems);
        result.Complete &= judged.Complete;
    }

    /// <summary>--catalog files: hazard catalogs go to the analyzers (as in `scan`), every other file is an adapter table.</summary>
    private static (ImmutableArray<AdditionalText> Catalogs, List<ParsedCatalog> Parsed, List<string> Texts, List<string> AdapterFiles) ReadCatalogs(
        PackageScanOptions options, List<string> problems)
    {
        var catalogs = ImmutableArray.CreateBuilder<AdditionalText>();
        var parsedCatalogs = new List<ParsedCatalog>();
        var texts = new List<string>();
        var adapterFiles = new List<string>();
        foreach (var file in options.Catalogs)
        {
            if (!CatalogFiles.IsCatalogFile(file))
            {
                adapterFiles.Add(file);
                continue;
            }

            try
            {
                var text = File.ReadAllText(file);
                var parsed = CatalogParser.Parse(file, SourceText.From(text), CatalogRules.Ids);
                problems.AddRange(parsed.Errors.Select(e => $"{e.Source}({e.Line}): {e.Message}"));
                catalogs.Add(new CatalogAdditionalText(file, SourceText.From(text)));
                parsedCatalogs.Add(parsed);
                texts.Add(text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file}: cannot be read ({ex.Message})");
            }
        }

        return (catalogs.ToImmutable(), parsedCatalogs, texts, adapterFiles);
    }

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
