using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.RealCode;

/// <summary>
/// What the analyzers cost on real code next to what the compiler costs on it (docs/performance.md), on one thread
/// (no concurrent build or analysis, so that a sum of per-analyzer times and a wall clock mean the same thing):
/// <list type="bullet">
/// <item>the Csc task without its I/O — the diagnostics of a fresh compilation, then emit to memory;</item>
/// <item>the same with an analyzer that asks for the same operations and does nothing (<see cref="EmptyOperationAnalyzer"/>):
/// what the analyzer driver costs any analyzer of operations;</item>
/// <item>the same with the Koupleless analyzers;</item>
/// <item>Roslyn's own execution time of the Koupleless analyzers' callbacks (what <c>csc -reportAnalyzer</c> prints),
/// measured in a separate run because measuring it costs time too.</item>
/// </list>
/// Every figure is the median of five runs after one run that warms the JIT up.
/// </summary>
internal static class Timing
{
    private const int Runs = 5;

    public static void WriteHeader(TextWriter output)
    {
        output.WriteLine("| library | role | Csc task, ms | + empty operation analyzer | + Koupleless analyzers | Koupleless callbacks (telemetry), ms | largest |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---|");
    }

    public static async Task MeasureAsync(Library library, IReadOnlyList<SourceProject> projects, TextWriter output)
    {
        var koupleless = AnalyzerSet.Discover().Analyzers;
        var empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer());
        foreach (var role in new[] { "Module", library.Role }.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (project, compilation, options) in await SourceProjectScan.CompileAsync(projects, role))
            {
                var singleThreaded = compilation.WithOptions(compilation.Options.WithConcurrentBuild(false));
                var csc = await MedianAsync(() => CscAsync(singleThreaded, ImmutableArray<DiagnosticAnalyzer>.Empty, options));
                var floor = await MedianAsync(() => CscAsync(singleThreaded, empty, options));
                var withKoupleless = await MedianAsync(() => CscAsync(singleThreaded, koupleless, options));
                var callbacks = await CallbackTimesAsync(singleThreaded, koupleless, options);
                var total = callbacks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Time);
                var largest = string.Join(", ", callbacks.OrderByDescending(c => c.Time).Take(3).Select(c => $"{c.Name} {c.Time.TotalMilliseconds:0}"));
                output.WriteLine($"| {library.Name} ({project}) | {role} | {Ms(csc)} | {Overhead(floor, csc)} | {Overhead(withKoupleless, csc)} | "
                    + $"{Ms(total)} ({100 * total.TotalMilliseconds / csc.TotalMilliseconds:0.0} %) | {largest} |");
            }
        }
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0");

    private static string Overhead(TimeSpan time, TimeSpan baseline)
        => $"+{(time - baseline).TotalMilliseconds:0} ms ({100 * (time - baseline).TotalMilliseconds / baseline.TotalMilliseconds:0.0} %)";

    /// <summary>A fresh compilation's diagnostics (with the analyzers' when there are any), then emit to memory.</summary>
    private static async Task<TimeSpan> CscAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var clock = Stopwatch.StartNew();
        var fresh = compilation.Clone();
        if (analyzers.IsEmpty)
        {
            fresh.GetDiagnostics();
        }
        else
        {
            await fresh.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
                .GetAllDiagnosticsAsync(CancellationToken.None);
        }

        fresh.Emit(new MemoryStream());
        return clock.Elapsed;
    }

    private static async Task<IReadOnlyList<(string Name, TimeSpan Time)>> CallbackTimesAsync(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var withAnalyzers = compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var result = new List<(string, TimeSpan)>();
        foreach (var analyzer in analyzers)
        {
            result.Add((analyzer.GetType().Name, (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime));
        }

        return result;
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task<TimeSpan>> measure)
    {
        await measure();
        var runs = new List<TimeSpan>();
        for (var run = 0; run < Runs; run++)
        {
            runs.Add(await measure());
        }

        runs.Sort();
        return runs[runs.Count / 2];
    }
}
