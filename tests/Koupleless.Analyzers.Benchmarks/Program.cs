using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        var sourceIndex = Array.IndexOf(args, "--telemetry-source");
        if (sourceIndex >= 0 && sourceIndex + 1 < args.Length)
        {
            // One real file (a decompiled package that analysed slowly) instead of the generated code base:
            // which analyzer the time goes to, in both roles.
            var compilation = GeneratedCodeBase.CompileFile(args[sourceIndex + 1]);
            Telemetry($"Koupleless analyzers on {System.IO.Path.GetFileName(args[sourceIndex + 1])}, Module role", compilation, AnalyzerSets.Koupleless(), AnalyzerSets.NoFiles);
            Telemetry($"Koupleless analyzers on {System.IO.Path.GetFileName(args[sourceIndex + 1])}, Shared role", compilation, AnalyzerSets.Koupleless(), AnalyzerSets.SharedRole);
            return 0;
        }

        var codeBase = GeneratedCodeBase.Default;
        Console.WriteLine($"Generated code base: {codeBase.Trees.Length:N0} files, {codeBase.Lines:N0} lines, {codeBase.HazardFiles:N0} files with a hazard; catalog: {AnalyzerSets.CatalogEntryCount} API IDs");

        if (args.Contains("--shared-only"))
        {
            // For a profiler: only the Shared-role analysis of the Koupleless analyzers.
            Telemetry("Koupleless analyzers, Shared role", AnalyzerSets.Koupleless(), AnalyzerSets.SharedRole);
            return 0;
        }

        if (args.Contains("--telemetry"))
        {
            // Roslyn's own per-analyzer execution time: the analyzers' share without the binding both pay.
            Telemetry("Koupleless analyzers", AnalyzerSets.Koupleless(), AnalyzerSets.NoFiles);
            Telemetry("Koupleless analyzers, Shared role", AnalyzerSets.Koupleless(), AnalyzerSets.SharedRole);
            Telemetry("BannedApiAnalyzers", AnalyzerSets.BannedApi(), AnalyzerSets.BannedSymbolsFile);
            return 0;
        }

        if (args.Contains("--coverage"))
        {
            // Which hazardous calls each configuration reports, on a small slice with every hazard kind.
            var slice = GeneratedCodeBase.Generate(20_000).CreateCompilation();
            Coverage("Koupleless analyzers", slice, AnalyzerSets.Koupleless(), AnalyzerSets.NoFiles);
            Coverage("BannedApiAnalyzers", slice, AnalyzerSets.BannedApi(), AnalyzerSets.BannedSymbolsFile);
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static void Coverage(string name, Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine(name + ":");
        foreach (var group in diagnostics.GroupBy(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).OrderBy(g => g.Key))
        {
            Console.WriteLine($"  {group.Key} x{group.Count()}");
        }
    }

    private static void Telemetry(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
        => Telemetry(name, GeneratedCodeBase.Default.CreateCompilation(), analyzers, options);

    private static void Telemetry(string name, Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(analyzers,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var times = analyzers
            .Select(a => (Name: a.GetType().Name, Time: withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime))
            .OrderByDescending(t => t.Time)
            .ToList();
        var total = times.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Time);

        var lines = compilation.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
        var per100k = total.TotalMilliseconds * 100_000 / lines;
        var ids = string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        Console.WriteLine($"{name}: {started.Elapsed.TotalSeconds:F1} s wall; analyzer execution time {total.TotalMilliseconds:F0} ms ({per100k:F0} ms per 100k lines); {diagnostics.Length} diagnostics ({ids})");
        if (times.Count > 1)
        {
            // Which analyzers the time goes to: the place to look first when the total moves.
            foreach (var (analyzerName, time) in times.Take(8))
            {
                Console.WriteLine($"    {analyzerName,-45} {time.TotalMilliseconds,8:F0} ms");
            }
        }
    }
}
