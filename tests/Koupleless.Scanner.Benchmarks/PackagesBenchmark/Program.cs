using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Il;
using NuGet.Frameworks;
using NuGet.Versioning;

// Steady-state throughput of the binary scan (docs/packages.md, "Performance"): every package version in a packages
// folder (a warm cache), scanned in-process several times so the JIT has settled. Three figures:
//  1. the IL scan proper (AssemblyScanner over images already in memory), one thread: MB of IL per CPU second;
//  2. reading the zips (inflate into memory), one thread;
//  3. the engine end to end (fetch from cache, read, scan, verdicts), one thread, then all cores for the closure's wall time.
// Usage: PackagesBenchmark [packages-folder] [--dump findings.txt]  (--dump writes every finding, sorted, for diffing two builds)
var folder = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
var dumpAt = Array.IndexOf(args, "--dump");
var dump = dumpAt >= 0 && dumpAt + 1 < args.Length ? args[dumpAt + 1] : null;
// --scan-only: many IL-scan rounds and nothing else (for a profiler: dotnet-trace collect -- dotnet PackagesBenchmark.dll --scan-only).
var scanOnly = args.Contains("--scan-only");
var packages = Directory.EnumerateFiles(folder, "*.nupkg", SearchOption.AllDirectories)
    .Select(p => new { Path = p, Version = Path.GetFileName(Path.GetDirectoryName(p)!), Id = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))!) })
    .Where(p => NuGetVersion.TryParse(p.Version, out _))
    .GroupBy(p => (p.Id, p.Version))
    .Select(g => (Ref: new PackageRef(g.Key.Id, NuGetVersion.Parse(g.Key.Version)), g.First().Path))
    .OrderBy(p => p.Path, StringComparer.Ordinal)
    .ToList();
Console.WriteLine($"packages in {folder}: {packages.Count}");
if (packages.Count < 50)
{
    Console.Error.WriteLine("need at least 50 packages");
    return 1;
}

const double MB = 1024 * 1024;
var process = Process.GetCurrentProcess();
TimeSpan Cpu()
{
    process.Refresh();
    return process.TotalProcessorTime;
}

// 2. Zip read, one thread (also yields the images for 1).
var images = new List<(string Path, ImmutableArray<byte> Image)>();
for (var round = 1; round <= 3; round++)
{
    images.Clear();
    var cpu = Cpu();
    var wall = Stopwatch.StartNew();
    foreach (var (_, path) in packages)
    {
        images.AddRange(NupkgReader.Read(path, FrameworkConstants.CommonFrameworks.Net80, NupkgLimits.Default).Assemblies);
    }

    var bytes = images.Sum(i => (long)i.Image.Length);
    var spent = (Cpu() - cpu).TotalSeconds;
    Console.WriteLine($"zip read, round {round}, 1 thread: {images.Count} assemblies, {bytes / MB:F1} MB in {wall.Elapsed.TotalSeconds:F2} s wall, {spent:F2} s CPU: {bytes / MB / spent:F0} MB/s of assemblies per CPU second");
}

// 1. IL scan proper, one thread.
var hazards = BinaryHazards.FromCatalogs(Array.Empty<Koupleless.Analyzers.Catalog.ParsedCatalog>());
// As the engine scans: each image in a pooled buffer (longer than the image; only its first bytes are the assembly).
var pooled = images.Select(i =>
{
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(i.Image.Length);
    i.Image.AsSpan().CopyTo(buffer);
    return (i.Path, Buffer: buffer, Length: i.Image.Length);
}).ToList();
var findings = new List<string>();
for (var round = 1; round <= (scanOnly ? 40 : 30); round++)
{
    findings.Clear();
    long bytes = 0, il = 0;
    var gcBefore = GC.CollectionCount(0);
    var cpu = Cpu();
    var wall = Stopwatch.StartNew();
    foreach (var (path, buffer, length) in pooled)
    {
        var result = AssemblyScanner.Scan(buffer, length, path, hazards);
        bytes += length;
        il += result.Assembly?.IlBytes ?? 0;
        foreach (var f in result.Findings)
        {
            findings.Add($"{f.RuleId} | {f.Assembly} | {f.Type} | {f.Member} | {f.IlOffset} | {f.ByteOffset} | {f.Target} | {f.Message} | {f.Hint}");
        }
    }

    var seconds = wall.Elapsed.TotalSeconds;
    var spent = (Cpu() - cpu).TotalSeconds;
    Console.WriteLine($"IL scan, round {round}, 1 thread: {bytes / MB:F1} MB of assemblies, {il / MB:F1} MB of IL, {findings.Count} findings in {seconds:F3} s wall, {spent:F3} s CPU, {GC.CollectionCount(0) - gcBefore} gen0 GCs: "
        + $"{il / MB / seconds:F0} MB/s of IL per wall second, {il / MB / spent:F0} MB/s of IL per CPU second ({bytes / MB / seconds:F0} MB/s of assemblies per wall second)");
}

if (dump is not null)
{
    findings.Sort(StringComparer.Ordinal);
    File.WriteAllLines(dump, findings);
    Console.WriteLine($"{findings.Count} findings written to {dump}");
}

images.Clear();
if (scanOnly)
{
    return 0;
}

// 3. The engine end to end.
async Task<(double Cpu, double Wall, long Bytes, long Il)> RoundAsync(int parallelism)
{
    var cpu = Cpu();
    var wall = Stopwatch.StartNew();
    var report = await PackageScanEngine.RunAsync(
        new PackageScanOptions { Packages = packages.Select(p => p.Ref).ToList(), Target = "benchmark", Offline = true, MaxParallelism = parallelism, CacheFolder = Path.Combine(Path.GetTempPath(), "koupleless-bench-cache") },
        CancellationToken.None);
    var s = report.Statistics;
    return ((Cpu() - cpu).TotalSeconds, wall.Elapsed.TotalSeconds, s.AssemblyBytes, s.IlBytes);
}

for (var round = 1; round <= 3; round++)
{
    var (cpu, wall, bytes, il) = await RoundAsync(1);
    Console.WriteLine($"engine, round {round}, 1 thread: {bytes / MB:F1} MB of assemblies ({il / MB:F1} MB of IL) in {wall:F2} s wall, {cpu:F2} s CPU: "
        + $"{bytes / MB / cpu:F0} MB/s of assemblies, {il / MB / cpu:F0} MB/s of IL per CPU second");
}

var all = await RoundAsync(Environment.ProcessorCount);
Console.WriteLine($"engine, all {Environment.ProcessorCount} cores: {packages.Count} packages in {all.Wall:F2} s wall ({all.Cpu:F2} s CPU)");
return 0;
