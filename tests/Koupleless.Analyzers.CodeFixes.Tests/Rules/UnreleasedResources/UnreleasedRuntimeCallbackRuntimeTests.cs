using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3006 and its fixes at run time: the module is compiled here, loaded into a collectible
/// AssemblyLoadContext, started, stopped the way a host stops it (<c>Entry.Stop</c> disposes what it owns), unloaded,
/// and the test watches whether the context is collected — before and after the real code fix.
/// </summary>
public sealed class UnreleasedRuntimeCallbackRuntimeTests
{
    private const string StaticRegistration = """
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static readonly AutoResetEvent Signal = new AutoResetEvent(false);
                private static RegisteredWaitHandle? _registration;

                public static void Run() => _registration = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, Timeout.Infinite, false);

                public static void Stop() { }
            }
        }
        """;

    private const string DroppedRegistration = """
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static readonly AutoResetEvent Signal = new AutoResetEvent(false);

                public static void Run()
                {
                    ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, Timeout.Infinite, false);
                }

                public static void Stop() { }
            }
        }
        """;

    private const string OwnedRegistration = """
        using System.Threading;

        namespace Module
        {
            public sealed class Watcher
            {
                private readonly RegisteredWaitHandle _registration;

                public Watcher(WaitHandle signal) => _registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, Timeout.Infinite, false);
            }

            public static class Entry
            {
                private static object? _watcher;

                public static void Run() => _watcher = new Watcher(new AutoResetEvent(false));

                // The host's shutdown: whatever the module owns and can dispose is disposed.
                public static void Stop() => (_watcher as System.IDisposable)?.Dispose();
            }
        }
        """;

    private const string OneShot = """
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                public static void Run() => ThreadPool.RegisterWaitForSingleObject(new AutoResetEvent(false), (_, _) => { }, null, 20, true);

                public static void Stop() => Thread.Sleep(200);
            }
        }
        """;

    [Fact]
    public async Task A_static_registration_keeps_the_module_until_the_unload_fix_unregisters_it()
    {
        var (unfixed, diagnostics) = await CompileAsync(StaticRegistration, fixer: null);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed)), "the registration did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(StaticRegistration, new UnreleasedRuntimeCallbackFixer());
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage)), "Unregister in the Unloading handler did not let the module unload");
    }

    [Fact]
    public async Task A_dropped_registration_keeps_the_module_until_the_fix_keeps_it_in_a_local_and_unregisters_it()
    {
        var (unfixed, diagnostics) = await CompileAsync(DroppedRegistration, fixer: null);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed)), "the dropped registration did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(DroppedRegistration, new UnreleasedRuntimeCallbackFixer());
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage)), "Unregister through the new local in the Unloading handler did not let the module unload");
    }

    [Fact]
    public async Task An_instance_registration_keeps_the_module_until_the_owner_becomes_IDisposable()
    {
        var (unfixed, diagnostics) = await CompileAsync(OwnedRegistration, fixer: null);
        Assert.Single(diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed)), "the registration in an instance field did not keep the module");

        var (fixedImage, remaining) = await CompileAsync(OwnedRegistration, new DisposeWithOwnerFixer());
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage)), "Dispose of the owner did not let the module unload");
    }

    [Fact]
    public async Task A_one_shot_registration_is_not_reported_and_unloads()
    {
        var (image, diagnostics) = await CompileAsync(OneShot, fixer: null);
        Assert.Empty(diagnostics);
        Assert.True(IsCollected(LoadRunAndUnload(image)), "a one-shot registration kept the module: the rule would miss it");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload(MemoryStream image)
    {
        var context = new AssemblyLoadContext("Module", isCollectible: true);
        var entry = context.LoadFromStream(image).GetType("Module.Entry", throwOnError: true)!;
        entry.GetMethod("Run")!.Invoke(null, null);
        entry.GetMethod("Stop")!.Invoke(null, null);
        context.Unload();
        return new WeakReference(context);
    }

    private static bool IsCollected(WeakReference context)
    {
        for (var i = 0; i < 30 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(10);
        }

        return !context.IsAlive;
    }

    /// <summary>Compiles the module in a workspace, optionally applying the real fix to the first diagnostic.</summary>
    private static async Task<(MemoryStream Image, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(string source, CodeFixProvider? fixer)
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

        var diagnostics = await AnalyzeAsync(solution.GetProject(projectId)!);
        if (fixer is not null)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(solution.GetDocument(documentId)!, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
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
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UnreleasedRuntimeCallbackAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    private static IEnumerable<MetadataReference> References()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Runtime.Loader.dll"
                or "netstandard.dll" or "System.Threading.dll" or "System.Threading.ThreadPool.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
}
