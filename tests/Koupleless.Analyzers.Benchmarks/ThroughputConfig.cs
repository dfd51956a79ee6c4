using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Koupleless.Analyzers.Benchmarks;

/// <summary>A short in-process job (one analysis of 200k lines takes seconds, so few iterations say enough).</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(Environment.GetEnvironmentVariable("KPL_BENCH_ITERATIONS") is { } n ? int.Parse(n) : 3)
            .WithId("Short"));
        AddColumn(new PerHundredThousandLinesColumn());
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
    }

    private sealed class PerHundredThousandLinesColumn : IColumn
    {
        public string Id => nameof(PerHundredThousandLinesColumn);
        public string ColumnName => "Per 100k lines";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => $"Mean time scaled to 100,000 lines (the generated code base has {GeneratedCodeBase.Default.Lines:N0})";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase == benchmarkCase);
            if (report?.ResultStatistics is null)
            {
                return "NA";
            }

            var seconds = report.ResultStatistics.Mean / 1e9 * 100_000 / GeneratedCodeBase.Default.Lines;
            return $"{seconds:F2} s";
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
