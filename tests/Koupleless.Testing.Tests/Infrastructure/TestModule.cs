using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Koupleless.Testing.Tests.Infrastructure;

/// <summary>
/// A module compiled from source into its own folder, as a build would leave it: the kit loads it from its path. It
/// compiles against the framework and this test assembly (shared, in the default context, like a base's library).
/// </summary>
public static class TestModule
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll")
            .Append(typeof(TestModule).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>Writes Module&lt;guid&gt;.dll (a fresh name: a leaked copy of an earlier test stays loaded) and returns its path.</summary>
    public static string Build(string source)
    {
        var name = "Module" + Guid.NewGuid().ToString("N");
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var directory = Path.Combine(Path.GetTempPath(), "koupleless-testing", name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return path;
    }
}

/// <summary>
/// Tests that load modules share the process (the GC, AppDomain events, the timer queue): they run one after the
/// other, never beside another test that watches a context go.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModuleLoadingCollection
{
    public const string Name = "Module loading";
}

/// <summary>Shared code of the "base": a static list a module may leave its objects in (KPL1002's shape).</summary>
public static class SharedRegistry
{
    public static readonly List<object> Items = new();
}
