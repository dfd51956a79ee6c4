using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;

// Speed and selection oracle of `koupleless packages` (docs/packages.md, "Performance" and "Selection"), on a list of
// real packages (id@version lines; downloaded once into --cache, then read from there):
//  1. whole (the default): every type decompiled with its bodies, cold — the reference;
//  2. warm: the default again with the judgement cache the run before filled — what a second CI run costs;
//  3. selected (--select-types): only the types an IL pass selects get bodies — the experiment.
// The oracle: every finding of (1) must be in (3); a finding only in (1) is a miss of the selection, printed.
// Usage: PackagesBenchmark <list.txt> [--cache folder] [--framework net8.0] [--skip-selection]
if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: PackagesBenchmark <list of id@version lines> [--cache folder] [--framework net8.0] [--skip-selection]");
    return 2;
}

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var cache = Option("--cache") ?? Path.Combine(Path.GetTempPath(), "koupleless-bench-cache");
var framework = NuGet.Frameworks.NuGetFramework.Parse(Option("--framework") ?? "net8.0");
var packages = File.ReadLines(args[0])
    .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
    .Select(l => PackageRef.TryParse(l.Trim(), out var r, out var error) ? r! : throw new FormatException($"{args[0]}: {error}"))
    .ToList();

async Task<(PackagesReport Report, double Wall, double Cpu)> RunAsync(string name, bool selectTypes)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var report = await PackageScanEngine.RunAsync(
        new PackageScanOptions { Packages = packages, Target = "benchmark", CacheFolder = cache, Framework = framework, SelectTypes = selectTypes },
        CancellationToken.None);
    process.Refresh();
    var result = (report, wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    var mb = report.Statistics.AssemblyBytes / 1048576.0;
    var types = report.Packages.SelectMany(p => p.Assemblies).ToList();
    Console.WriteLine($"{name,-9} {report.Packages.Count} packages, {report.Packages.Count(p => p.Findings.Count == 0 && p.Scanned)} without findings, {mb:F1} MB of assemblies, "
        + $"{types.Sum(a => a.TypesDecompiled)} types with bodies / {types.Sum(a => a.TypesDeclared)} declared, {report.Packages.Sum(p => p.Findings.Count)} findings: "
        + $"{result.Item2:F1} s wall, {result.Item3:F1} s CPU");
    return result;
}

static string Key(PackageResult p, PackageFinding f) => $"{p.Id} {f.RuleId} {f.Role} {f.Type}.{f.Member}";

// A first pass downloads what the cache lacks, so that no measured run includes the network.
await PackageScanEngine.RunAsync(new PackageScanOptions { Packages = packages, Target = "download", CacheFolder = cache, Framework = framework }, CancellationToken.None);
Directory.Delete(Path.Combine(cache, PackageScanEngine.JudgementsFolder), recursive: true);

var whole = await RunAsync("whole", selectTypes: false);
await RunAsync("warm", selectTypes: false);
if (args.Contains("--skip-selection"))
{
    return 0;
}

var selected = await RunAsync("selected", selectTypes: true);
var found = selected.Report.Packages.SelectMany(p => p.Findings.Select(f => Key(p, f))).ToHashSet(StringComparer.Ordinal);
var reference = whole.Report.Packages.SelectMany(p => p.Findings.Select(f => Key(p, f))).ToHashSet(StringComparer.Ordinal);
var missed = reference.Except(found).OrderBy(k => k, StringComparer.Ordinal).ToList();
var extra = found.Except(reference).OrderBy(k => k, StringComparer.Ordinal).ToList();
Console.WriteLine($"oracle: whole {reference.Count} distinct findings, selected {found.Count}; missed by the selection {missed.Count}, only in the selection {extra.Count}");
foreach (var key in missed)
{
    Console.WriteLine("  missed: " + key);
}

foreach (var key in extra)
{
    Console.WriteLine("  only selected: " + key);
}

return missed.Count == 0 ? 0 : 1;
