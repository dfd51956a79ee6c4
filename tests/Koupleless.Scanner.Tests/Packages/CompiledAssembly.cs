using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>Compiles C# to an assembly image in memory, so IL-level tests can state their input as source.</summary>
internal static class CompiledAssembly
{
    public static (ImmutableArray<byte> Image, CSharpCompilation Compilation) Compile(string source)
        => Compile(source, "Sample");

    /// <summary>An assembly named <paramref name="name"/> that may reference others compiled here.</summary>
    public static (ImmutableArray<byte> Image, CSharpCompilation Compilation) Compile(string source, string name, params MetadataReference[] others)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Concat(others);
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return (ImmutableArray.Create(stream.ToArray()), compilation);
    }
}
