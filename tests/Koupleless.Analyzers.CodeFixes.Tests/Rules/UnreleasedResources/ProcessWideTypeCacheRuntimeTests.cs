using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3010 and its fix at run time, as DESIGN.md's "Verified at run time" did: a module compiled here is
/// loaded into a collectible AssemblyLoadContext, serializes its own type, is unloaded, and the test watches whether
/// the context is collected. Before the fix System.Text.Json's reflection caches keep it; after the real code fix
/// (applied through a workspace) it is collected. TypeDescriptor keeps it either way, which is why it gets no fix.
/// The tests stay in one class so they run one after the other: an unloading fixed module clears System.Text.Json's
/// caches for the whole process, which would release a pinned module that another test is still watching.
/// </summary>
public sealed class ProcessWideTypeCacheRuntimeTests
{
    private const string JsonModule = """
        using System.Text.Json;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                private static readonly JsonSerializerOptions Kept = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

                // The default options, a fresh instance and one the module keeps: all three cache Widget's metadata.
                public static string Run()
                    => JsonSerializer.Serialize(new Widget { Name = "w" })
                        + JsonSerializer.Serialize(new[] { new Widget() }, new JsonSerializerOptions { WriteIndented = false })
                        + JsonSerializer.Deserialize<Widget>("{}", Kept)!.Name.Length;
            }
        }
        """;

    private const string JsonOutput = "{\"Name\":\"w\"}[{\"Name\":\"\"}]0";

    private const string HttpJsonModule = """
        using System.Net.Http.Json;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                // JsonContent serializes with System.Net.Http.Json's own static web-default options.
                public static string Run() => JsonContent.Create(new Widget { Name = "w" }).ReadAsStringAsync().GetAwaiter().GetResult();
            }
        }
        """;

    private const string TypeDescriptorModule = """
        using System.ComponentModel;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                public static string Run() => TypeDescriptor.GetProperties(typeof(Widget))[0].Name;
            }
        }
        """;

    [Fact]
    public async Task Reflection_based_System_Text_Json_keeps_the_module_until_the_fix_clears_the_caches()
    {
        var (unfixed, diagnostics) = await CompileAsync(JsonModule, applyFix: false);
        Assert.Equal(3, diagnostics.Length);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed, JsonOutput)), "reflection-based System.Text.Json did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(JsonModule, applyFix: true);
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage, JsonOutput)), "the JsonCacheRelease helper did not let the module unload");
    }

    [Fact]
    public async Task System_Net_Http_Json_keeps_the_module_until_the_fix_clears_the_caches()
    {
        var (unfixed, diagnostics) = await CompileAsync(HttpJsonModule, applyFix: false);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed, "{\"name\":\"w\"}")), "System.Net.Http.Json did not keep the module");

        var (fixedImage, remaining) = await CompileAsync(HttpJsonModule, applyFix: true);
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage, "{\"name\":\"w\"}")), "the JsonCacheRelease helper did not release System.Net.Http.Json's options");
    }

    [Fact]
    public async Task TypeDescriptor_keeps_the_module_even_with_the_json_cache_release()
    {
        var (image, diagnostics) = await CompileAsync(TypeDescriptorModule, applyFix: false, extraSource: JsonCacheReleaseTemplate.Source);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(image, "Name")), "TypeDescriptor did not keep the module: the rule would be a false positive");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload(MemoryStream image, string expected)
    {
        var context = new AssemblyLoadContext("Module", isCollectible: true);
        var entry = context.LoadFromStream(image).GetType("Module.Entry", throwOnError: true)!;
        Assert.Equal(expected, entry.GetMethod("Run")!.Invoke(null, null));
        context.Unload();
        return new WeakReference(context);
    }

    private static bool IsCollected(WeakReference context)
    {
        for (var i = 0; i < 30 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !context.IsAlive;
    }

    /// <summary>Compiles the module in a workspace, optionally applying the real KPL3010 fix to the first diagnostic.</summary>
    private static async Task<(MemoryStream Image, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(string source, bool applyFix, string? extraSource = null)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Module",
            "Module" + Guid.NewGuid().ToString("N"),
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References()));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Entry.cs", SourceText.From(source));
        if (extraSource is not null)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Extra.cs", SourceText.From(extraSource));
        }

        var diagnostics = await AnalyzeAsync(solution.GetProject(projectId)!);
        if (applyFix)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(solution.GetDocument(documentId)!, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await new ProcessWideTypeCacheFixer().RegisterCodeFixesAsync(context);
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            diagnostics = await AnalyzeAsync(solution.GetProject(projectId)!);
        }

        var compilation = (await solution.GetProject(projectId)!.GetCompilationAsync())!;
        var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        image.Position = 0;
        return (image, diagnostics);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ProcessWideTypeCacheAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    private static IEnumerable<MetadataReference> References()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Runtime.Loader.dll"
                or "netstandard.dll" or "System.Text.Json.dll" or "System.ComponentModel.TypeConverter.dll" or "System.ComponentModel.dll"
                or "System.ComponentModel.Primitives.dll" or "System.Collections.dll" or "System.Memory.dll"
                or "System.Net.Http.dll" or "System.Net.Http.Json.dll" or "System.Net.Primitives.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
}
