using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;

/// <summary>
/// One code-fix case: the source with the diagnostics in markup, the fixed source, and how to apply the fix.
/// Every run also checks that the fixed code compiles with no new compiler diagnostics (the testing library
/// compares the full diagnostic list of the fixed state, compiler errors included) and, unless turned off,
/// that Fix All in document, project and solution scope produces the same result.
/// </summary>
public sealed class CodeFixSpec<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private readonly CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> _test = new()
    {
        ReferenceAssemblies = ReferenceAssemblies.Net.Net80,

        // KPL3010 reports from two descriptors (at the call, and at compilation end through a helper): markup stands for the first.
        MarkupOptions = MarkupOptions.UseFirstDescriptor,
    };

    private CodeFixSpec(string source, string fixedSource)
    {
        _test.TestCode = source;
        _test.FixedCode = fixedSource;
    }

    public static CodeFixSpec<TAnalyzer, TCodeFix> For(string source, string fixedSource) => new(source, fixedSource);

    public CodeFixSpec<TAnalyzer, TCodeFix> InRole(string role)
    {
        var config = ("/.globalconfig", $"is_global = true\nbuild_property.KouplelessRole = {role}\n");
        _test.TestState.AnalyzerConfigFiles.Add(config);
        _test.FixedState.AnalyzerConfigFiles.Add(config);
        return this;
    }

    /// <summary>Picks one of several fixes offered for the same diagnostic by its equivalence key.</summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> UsingFix(string equivalenceKey)
    {
        _test.CodeActionEquivalenceKey = equivalenceKey;
        return this;
    }

    /// <summary>
    /// Assemblies referenced by path, such as a package this test project references itself. Not
    /// <c>ReferenceAssemblies.AddPackages</c>: on a machine's first run the testing library downloads the package into
    /// $TMPDIR/test-packages and that run compiles without its assemblies.
    /// </summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> WithReferences(params MetadataReference[] references)
    {
        _test.TestState.AdditionalReferences.AddRange(references);
        return this;
    }

    /// <summary>A second (third, ...) document of the project, before and after the fix.</summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> WithDocument(string path, string source, string fixedSource)
    {
        _test.TestState.Sources.Add((path, source));
        _test.FixedState.Sources.Add((path, fixedSource));
        return this;
    }

    /// <summary>For fixes whose single application leaves work for another iteration (e.g. the same fix in two places).</summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> WithIterations(int iterations)
    {
        _test.NumberOfIncrementalIterations = iterations;
        _test.NumberOfFixAllIterations = 1;
        return this;
    }

    /// <summary>When some diagnostics remain after the fix (a fix that does not apply everywhere), list them here.</summary>
    /// <summary>
    /// For fixes of whole-compilation diagnostics (KPL1001, KPL1002: reported at the end of the compilation). The
    /// testing library refuses fixes for non-local diagnostics by default, because an editor shows them only with
    /// full-solution analysis; the build, `dotnet format` and the scanner apply them like any other.
    /// </summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> ForCompilationEndDiagnostics()
    {
        _test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        return this;
    }

    /// <summary>Diagnostics before the fix that markup cannot say (another descriptor of the same ID, with its arguments).</summary>
    public CodeFixSpec<TAnalyzer, TCodeFix> Expect(params DiagnosticResult[] diagnostics)
    {
        _test.ExpectedDiagnostics.AddRange(diagnostics);
        return this;
    }

    public CodeFixSpec<TAnalyzer, TCodeFix> RemainingAfterFix(params DiagnosticResult[] diagnostics)
    {
        _test.FixedState.ExpectedDiagnostics.AddRange(diagnostics);
        _test.FixedState.MarkupHandling = MarkupMode.Allow;
        return this;
    }

    public CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Test => _test;

    public Task RunAsync() => _test.RunAsync(CancellationToken.None);
}
