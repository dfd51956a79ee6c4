using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// Judges the assemblies of one package: decompile what the selection picks, compile it against the closure, run the
/// analyzers in both roles. One assembly that cannot be decompiled or analysed is a problem of the package (the package
/// is then incomplete); the others are still judged.
/// </summary>
public sealed class PackageJudge
{
    private readonly ReferenceAssemblies _references;
    private readonly AnalyzerSet _analyzers;
    private readonly ImmutableArray<AdditionalText> _catalogs;
    private readonly DecompileScope _scope;
    private readonly string? _moduleHost;

    /// <param name="moduleHost">KouplelessModuleHost for the Module pass ("Own", "Base"); null when not known.</param>
    public PackageJudge(ReferenceAssemblies references, AnalyzerSet analyzers, ImmutableArray<AdditionalText> catalogs, DecompileScope scope, string? moduleHost = null)
    {
        _references = references;
        _analyzers = analyzers;
        _catalogs = catalogs;
        _scope = scope;
        _moduleHost = moduleHost;
    }

    public async Task<JudgedPackage> JudgeAsync(IReadOnlyList<PackageAssembly> assemblies, CancellationToken cancellationToken)
    {
        var scanned = new List<ScannedAssembly>();
        var findings = new List<PackageFinding>();
        var problems = new List<string>();
        var complete = true;
        foreach (var assembly in assemblies)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var code = AssemblyDecompiler.Decompile(assembly, _references.DecompilerResolver(), _scope, cancellationToken);
                var decompiled = Stopwatch.GetTimestamp();
                var result = await DecompiledAnalysis.AnalyzeAsync(assembly, code, _references.For(assembly), _analyzers, _catalogs, _moduleHost, cancellationToken).ConfigureAwait(false);
                findings.AddRange(WithoutRepeats(result.Findings));
                problems.AddRange(result.AnalyzerFailures);
                problems.AddRange(code.Skipped.Select(type => $"{assembly.PathInPackage}: type {type} could not be decompiled; the rest of the assembly was judged without it"));
                complete &= result.AnalyzerFailures.Count == 0 && code.Skipped.Count == 0;
                scanned.Add(Describe(assembly, code, result.CompileErrors) with
                {
                    DecompileSeconds = Seconds(decompiled - started),
                    AnalysisSeconds = Seconds(Stopwatch.GetTimestamp() - decompiled),
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The decompiler meets IL it does not handle, or the image is malformed past what metadata reading caught.
                problems.Add($"{assembly.PathInPackage}: could not be decompiled ({ex.GetType().Name}: {FirstLine(ex.Message)})");
                complete = false;
            }
        }

        return new JudgedPackage(scanned, findings, problems, complete);
    }

    /// <summary>
    /// A process-wide hazard (KPL1003, KPL1004) is the same finding in both roles: kept once. Every other rule reports a
    /// different problem in each role (sharing the code vs loading a copy per module), so both stay.
    /// </summary>
    private static IEnumerable<PackageFinding> WithoutRepeats(IEnumerable<PackageFinding> findings)
    {
        var seen = new HashSet<(string, string, string, int?)>();
        foreach (var finding in findings)
        {
            if (VerdictRules.KindOf(finding.RuleId) != VerdictRules.HazardKind.ProcessWide
                || seen.Add((finding.RuleId, finding.Type, finding.Member, finding.DecompiledLine)))
            {
                yield return finding;
            }
        }
    }

    private static ScannedAssembly Describe(PackageAssembly assembly, DecompiledCode code, int compileErrors)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly.Image));
        var metadata = pe.GetMetadataReader();
        var ilBytes = 0L;
        foreach (var handle in metadata.MethodDefinitions)
        {
            var rva = metadata.GetMethodDefinition(handle).RelativeVirtualAddress;
            if (rva != 0)
            {
                ilBytes += pe.GetMethodBody(rva).Size;
            }
        }

        return new ScannedAssembly(assembly.PathInPackage, assembly.Image.Length, ilBytes, metadata.MethodDefinitions.Count)
        {
            TypesDecompiled = code.TypesWithBodies,
            TypesDeclared = code.TypesDeclared,
            CompileErrors = compileErrors,
        };
    }

    private static double Seconds(long ticks) => Math.Round((double)ticks / Stopwatch.Frequency, 3);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
