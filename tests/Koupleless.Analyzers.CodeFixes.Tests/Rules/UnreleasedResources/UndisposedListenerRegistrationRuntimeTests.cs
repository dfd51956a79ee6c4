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
/// Measures KPL3005 and its fix at run time: a module compiled here subscribes to DiagnosticListener.AllListeners and
/// registers an ActivityListener, is loaded into a collectible AssemblyLoadContext and unloaded. Before the fix the
/// process-global listener lists keep it; after the real code fix (applied through a workspace, one diagnostic at a
/// time) it is collected.
/// </summary>
public sealed class UndisposedListenerRegistrationRuntimeTests
{
    private const string ListenerModule = """
        using System;
        using System.Diagnostics;

        namespace Module
        {
            sealed class Observer : IObserver<DiagnosticListener>
            {
                public void OnNext(DiagnosticListener value) { }
                public void OnError(Exception error) { }
                public void OnCompleted() { }
            }

            public static class Entry
            {
                public static string Run()
                {
                    DiagnosticListener.AllListeners.Subscribe(new Observer());
                    var listener = new ActivityListener { ShouldListenTo = source => source.Name == "Module" };
                    ActivitySource.AddActivityListener(listener);
                    return "registered";
                }
            }
        }
        """;

    [Fact]
    public async Task Listener_registrations_keep_the_module_until_the_fix_disposes_them_on_unload()
    {
        var (unfixed, diagnostics) = await CompileAsync(applyFix: false);
        Assert.Equal(2, diagnostics.Length);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed)), "the listener registrations did not keep the module: the rule would be a false positive");

        var (fixedImage, remaining) = await CompileAsync(applyFix: true);
        Assert.Empty(remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedImage)), "disposing the registrations on Unloading did not let the module unload");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload(MemoryStream image)
    {
        var context = new AssemblyLoadContext("Module", isCollectible: true);
        var entry = context.LoadFromStream(image).GetType("Module.Entry", throwOnError: true)!;
        Assert.Equal("registered", entry.GetMethod("Run")!.Invoke(null, null));
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

    /// <summary>Compiles the module in a workspace, optionally applying the real KPL3005 fix until no diagnostic is left.</summary>
    private static async Task<(MemoryStream Image, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(bool applyFix)
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
        solution = solution.AddDocument(documentId, "Entry.cs", SourceText.From(ListenerModule));

        var diagnostics = await AnalyzeAsync(solution.GetProject(projectId)!);
        for (var round = 0; applyFix && round < 5 && !diagnostics.IsEmpty; round++)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(solution.GetDocument(documentId)!, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await new UndisposedListenerRegistrationFixer().RegisterCodeFixesAsync(context);
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
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UndisposedListenerRegistrationAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    private static IEnumerable<MetadataReference> References()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Runtime.Loader.dll"
                or "netstandard.dll" or "System.Diagnostics.DiagnosticSource.dll" or "System.ObjectModel.dll" or "System.Memory.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
}
