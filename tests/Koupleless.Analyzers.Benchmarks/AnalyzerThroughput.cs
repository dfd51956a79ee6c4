using System.Collections.Immutable;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Benchmarks;

/// <summary>
/// Each iteration analyzes a fresh compilation (binding caches live in the compilation), so every benchmark pays
/// for binding all method bodies once. <see cref="CompilerOnly"/> measures that share; the analyzers' own cost is
/// the difference.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class AnalyzerThroughput
{
    private CSharpCompilation _template = null!;
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _koupleless;
    private ImmutableArray<DiagnosticAnalyzer> _bannedApi;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _template = GeneratedCodeBase.Default.CreateCompilation();
        _koupleless = AnalyzerSets.Koupleless();
        _bannedApi = AnalyzerSets.BannedApi();
    }

    [IterationSetup]
    public void IterationSetup() => _compilation = _template.Clone();

    [Benchmark(Baseline = true, Description = "Compiler only (binding, no analyzer)")]
    public int CompilerOnly() => _compilation.GetDiagnostics().Length;

    [Benchmark(Description = "Koupleless analyzers")]
    public async Task<int> Koupleless()
        => (await _compilation.WithAnalyzers(_koupleless, AnalyzerSets.NoFiles).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;

    [Benchmark(Description = "Koupleless analyzers, Shared role")]
    public async Task<int> KouplelessShared()
        => (await _compilation.WithAnalyzers(_koupleless, AnalyzerSets.SharedRole).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;

    [Benchmark(Description = "BannedApiAnalyzers, same API list")]
    public async Task<int> BannedApi()
        => (await _compilation.WithAnalyzers(_bannedApi, AnalyzerSets.BannedSymbolsFile).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;
}
