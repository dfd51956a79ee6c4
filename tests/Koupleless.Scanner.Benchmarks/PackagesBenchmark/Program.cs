using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using NuGet.Versioning;

// Steady-state throughput of the binary scan (docs/packages.md, "Performance"): every package version in a packages
// folder (a warm cache), scanned in-process several times so the JIT has settled; one thread for the per-core figure
// (process CPU time, which other jobs on the machine do not inflate), then all cores for the wall time of the closure.
var folder = args.Length > 0 ? args[0] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
var packages = Directory.EnumerateFiles(folder, "*.nupkg", SearchOption.AllDirectories)
    .Select(p => new { Version = Path.GetFileName(Path.GetDirectoryName(p)!), Id = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))!) })
    .Where(p => NuGetVersion.TryParse(p.Version, out _))
    .Select(p => new PackageRef(p.Id, NuGetVersion.Parse(p.Version)))
    .Distinct()
    .ToList();
Console.WriteLine($"packages in {folder}: {packages.Count}");
if (packages.Count < 50)
{
    Console.Error.WriteLine("need at least 50 packages");
    return 1;
}

async Task<(double Cpu, double Wall, long Bytes, long Il)> RoundAsync(int parallelism)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var report = await PackageScanEngine.RunAsync(
        new PackageScanOptions { Packages = packages, Target = "benchmark", Offline = true, MaxParallelism = parallelism, CacheFolder = Path.Combine(Path.GetTempPath(), "koupleless-bench-cache") },
        CancellationToken.None);
    var s = report.Statistics;
    return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, wall.Elapsed.TotalSeconds, s.AssemblyBytes, s.IlBytes);
}

const double MB = 1024 * 1024;
for (var round = 1; round <= 5; round++)
{
    var (cpu, wall, bytes, il) = await RoundAsync(1);
    Console.WriteLine($"round {round}, 1 thread: {bytes / MB:F1} MB of assemblies ({il / MB:F1} MB of IL) in {wall:F2} s wall, {cpu:F2} s CPU: "
        + $"{bytes / MB / cpu:F0} MB/s of assemblies, {il / MB / cpu:F0} MB/s of IL per CPU second");
}

var all = await RoundAsync(Environment.ProcessorCount);
Console.WriteLine($"all {Environment.ProcessorCount} cores: {packages.Count} packages in {all.Wall:F2} s wall ({all.Cpu:F2} s CPU)");
return 0;
