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
/// Measures KPL3004 and its fix at run time: a module compiled here is loaded into a collectible AssemblyLoadContext,
/// allocates a GC handle, is unloaded, and the test watches whether the context is collected. What the rule reports
/// must keep the module alive; what it does not report (a weak handle, a function pointer for a delegate) must not;
/// the real code fix, applied through a workspace, must let it go.
/// </summary>
public sealed class UnfreedGCHandleRuntimeTests
{
    private const string StrongHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Widget());
                    return "allocated";
                }
            }
        }
        """;

    // Pinned handles need a blittable target: an array of the module's own struct (its type is the module's).
    private const string PinnedHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public struct Sample { public int Value; }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Sample[4], GCHandleType.Pinned);
                    return "allocated";
                }
            }
        }
        """;

    private const string WeakHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Widget(), GCHandleType.Weak);
                    return "allocated";
                }
            }
        }
        """;

    // The module keeps its delegate alive in its own static (as native callbacks must) and hands the pointer out.
    private const string FunctionPointerModule = """
        using System;
        using System.Runtime.InteropServices;

        namespace Module
        {
            public delegate int Callback(int value);

            public static class Entry
            {
                private static Callback _keepAlive;

                public static string Run()
                {
                    _keepAlive = value => value + 1;
                    var pointer = Marshal.GetFunctionPointerForDelegate(_keepAlive);
                    var roundTrip = Marshal.GetDelegateForFunctionPointer<Callback>(pointer);
                    return roundTrip(41).ToString();
                }
            }
        }
        """;

    [Fact]
    public async Task A_strong_handle_keeps_the_module_until_the_fix_frees_it_on_unload()
    {
        var (unfixed, diagnostics) = await CompileAsync(StrongHandleModule, applyFix: false);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed, "allocated")), "a strong GCHandle did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(StrongHandleModule, applyFix: true);
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage, "allocated")), "freeing the handle in Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_pinned_handle_to_an_array_of_a_module_struct_keeps_the_module_until_the_fix_frees_it()
    {
        var (unfixed, diagnostics) = await CompileAsync(PinnedHandleModule, applyFix: false);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed, "allocated")), "a pinned GCHandle did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(PinnedHandleModule, applyFix: true);
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage, "allocated")), "freeing the pinned handle in Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_weak_handle_is_not_reported_and_does_not_keep_the_module()
    {
        var (image, diagnostics) = await CompileAsync(WeakHandleModule, applyFix: false);
        Assert.Empty(diagnostics);
        Assert.True(IsCollected(LoadRunAndUnload(image, "allocated")), "a weak GCHandle kept the module: the rule would miss it");
    }

    [Fact]
    public async Task A_function_pointer_for_a_delegate_is_not_reported_and_does_not_keep_the_module()
    {
        var (image, diagnostics) = await CompileAsync(FunctionPointerModule, applyFix: false);
        Assert.Empty(diagnostics);
        Assert.True(IsCollected(LoadRunAndUnload(image, "42")), "GetFunctionPointerForDelegate kept the module: the rule would miss it");
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

    /// <summary>Compiles the module in a workspace, optionally applying the real KPL3004 fix to the first diagnostic.</summary>
    private static async Task<(MemoryStream Image, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(string source, bool applyFix)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Module",
            "Module" + Guid.NewGuid().ToString("N"),
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References()));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Entry.cs", SourceText.From(source));

        var diagnostics = await AnalyzeAsync(solution.GetProject(projectId)!);
        if (applyFix)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(solution.GetDocument(documentId)!, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await new UnfreedGCHandleFixer().RegisterCodeFixesAsync(context);
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
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UnfreedGCHandleAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    private static IEnumerable<MetadataReference> References()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Runtime.Loader.dll"
                or "netstandard.dll" or "System.Runtime.InteropServices.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
}
