using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Koupleless.Analyzers.Tests.Infrastructure;

/// <summary>
/// A readable specification of one analyzer run: source in Microsoft.CodeAnalysis.Testing markup ({|KPL1003:...|}),
/// the project's KouplelessRole, extra package references and catalog files, then the expected diagnostics.
/// </summary>
public sealed class AnalyzerSpec<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private readonly CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> _test = new()
    {
        ReferenceAssemblies = TestReferences.Net80,

        // A rule may report from two descriptors of one ID (KPL3010 at the call, and at compilation end through a
        // wrapper): {|ID:...|} markup stands for the first; the other is expected explicitly, with its descriptor.
        MarkupOptions = MarkupOptions.UseFirstDescriptor,
    };

    private AnalyzerSpec(string source) => _test.TestCode = source;

    public static AnalyzerSpec<TAnalyzer> For(string source) => new(source);

    /// <summary>Runs the analyzers as in a project with &lt;KouplelessRole&gt;<paramref name="role"/>&lt;/KouplelessRole&gt;.</summary>
    public AnalyzerSpec<TAnalyzer> InRole(string role)
    {
        _test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.KouplelessRole = {role}\n"));
        return this;
    }

    /// <summary>NuGet packages the code compiles against, from the NuGet cache (see <see cref="TestReferences.FromNuGetCache"/>).</summary>
    public AnalyzerSpec<TAnalyzer> WithPackages(params PackageIdentity[] packages)
    {
        foreach (var package in packages)
        {
            _test.TestState.AdditionalReferences.AddRange(TestReferences.FromNuGetCache(package));
        }

        return this;
    }

    /// <summary>Assemblies referenced by path (for packages the reference-assembly resolver cannot provide).</summary>
    public AnalyzerSpec<TAnalyzer> WithReferences(params MetadataReference[] references)
    {
        _test.TestState.AdditionalReferences.AddRange(references);
        return this;
    }

    public AnalyzerSpec<TAnalyzer> WithAdditionalFile(string path, string content)
    {
        _test.TestState.AdditionalFiles.Add((path, content));
        return this;
    }

    /// <summary>Declares whose host the module runs under, as the package's props surface KouplelessModuleHost.</summary>
    public AnalyzerSpec<TAnalyzer> WithModuleHost(string host)
        => WithAnalyzerConfig("/.host.globalconfig", $"is_global = true\nbuild_property.KouplelessModuleHost = {host}\n");

    /// <summary>An extra .editorconfig or global config (for item metadata such as build_metadata.AdditionalFiles.*).</summary>
    public AnalyzerSpec<TAnalyzer> WithAnalyzerConfig(string path, string content)
    {
        _test.TestState.AnalyzerConfigFiles.Add((path, content));
        return this;
    }

    public AnalyzerSpec<TAnalyzer> WithSource(string path, string content)
    {
        _test.TestState.Sources.Add((path, content));
        return this;
    }

    /// <summary>
    /// Compiles <paramref name="source"/> as a separate project ("Library") that the test code references: its
    /// symbols are metadata to the analyzed compilation, as a shared library's are to the base.
    /// </summary>
    /// <param name="assemblyName">The library's assembly name (a package id, for rules that match packages by assembly).</param>
    public AnalyzerSpec<TAnalyzer> WithReferencedLibrary(string source, string assemblyName = "Library")
    {
        var library = new ProjectState(assemblyName, LanguageNames.CSharp, $"/{assemblyName}/Source", "cs");
        library.Sources.Add(($"/{assemblyName}/Library.cs", source));
        _test.TestState.AdditionalProjects.Add(assemblyName, library);
        _test.TestState.AdditionalProjectReferences.Add(assemblyName);
        return this;
    }

    /// <summary>The project is an application (an executable) rather than the default class library.</summary>
    public AnalyzerSpec<TAnalyzer> AsApplication()
    {
        _test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return this;
    }

    /// <summary>For half-typed code: compiler errors are expected and not listed; analyzer diagnostics (and AD0001) still are.</summary>
    public AnalyzerSpec<TAnalyzer> IgnoringCompilerDiagnostics()
    {
        _test.CompilerDiagnostics = CompilerDiagnostics.None;
        return this;
    }

    public AnalyzerSpec<TAnalyzer> Expect(params DiagnosticResult[] diagnostics)
    {
        _test.ExpectedDiagnostics.AddRange(diagnostics);
        return this;
    }

    /// <summary>Compiler diagnostics are checked too (they must match the markup), so broken test code fails the test.</summary>
    public Task RunAsync() => _test.RunAsync(CancellationToken.None);

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public IList<DiagnosticResult> ExpectedDiagnostics => _test.ExpectedDiagnostics;
}
