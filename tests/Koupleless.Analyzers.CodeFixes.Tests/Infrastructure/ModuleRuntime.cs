using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;

/// <summary>
/// The runtime proof of a rule and its fix, as DESIGN.md's "Verified at run time" measured it: a module compiled here
/// in memory (optionally after the REAL code fix, applied through a workspace) is loaded into a collectible
/// <see cref="AssemblyLoadContext"/>, run, unloaded (which raises its <c>Unloading</c> event), and watched through a
/// <see cref="WeakReference"/> while the GC runs a bounded number of rounds.
/// </summary>
public static class ModuleRuntime
{
    /// <summary>Every framework assembly of this test process: the module compiles against what it runs on.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>
    /// Compiles <paramref name="source"/> (and <paramref name="extraSources"/>) as a module, reports what
    /// <paramref name="analyzer"/> finds, and, with a <paramref name="fix"/>, applies that provider's single code action
    /// to the first diagnostic until none is left (bounded), analysing again after each fix.
    /// </summary>
    /// <param name="sharedAssemblies">Assemblies of the default context (the base's) the module compiles against.</param>
    public static async Task<ModuleBuild> BuildAsync(
        string source,
        DiagnosticAnalyzer analyzer,
        CodeFixProvider? fix = null,
        IEnumerable<string>? extraSources = null,
        IEnumerable<string>? sharedAssemblies = null,
        string assemblyName = "Module")
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var references = References(sharedAssemblies);
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Module",
            assemblyName,
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Entry.cs", SourceText.From(source));
        var index = 0;
        foreach (var extra in extraSources ?? Enumerable.Empty<string>())
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Extra{index++}.cs", SourceText.From(extra));
        }

        var found = await AnalyzeAsync(solution.GetProject(projectId)!, analyzer);
        var remaining = found;
        for (var round = 0; fix is not null && remaining.Length > 0 && round < 10; round++)
        {
            var diagnostic = remaining[0];
            var document = solution.GetDocument(diagnostic.Location.SourceTree) ?? solution.GetDocument(documentId)!;
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            remaining = await AnalyzeAsync(solution.GetProject(projectId)!, analyzer);
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        var fixedSource = (await project.GetDocument(documentId)!.GetTextAsync()).ToString();
        return new ModuleBuild(image.ToArray(), found, remaining, fixedSource);
    }

    /// <summary>Compiles sources as written (no analyzer, no fix) into an assembly image.</summary>
    /// <param name="sharedAssemblies">Assemblies of the default context (the base's) the module compiles against.</param>
    public static byte[] Compile(string assemblyName, IEnumerable<string> sources, IEnumerable<string>? sharedAssemblies = null)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
            References(sharedAssemblies),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return image.ToArray();
    }

    private static ImmutableArray<MetadataReference> References(IEnumerable<string>? sharedAssemblies)
        => FrameworkReferences.Value.AddRange(
            (sharedAssemblies ?? Enumerable.Empty<string>()).Distinct().Select(path => MetadataReference.CreateFromFile(path)));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation
            .WithAnalyzers(ImmutableArray.Create(analyzer), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>
    /// A fresh assembly name ("Module" and a GUID) for a module whose earlier copies may still be loaded (a leak a test
    /// proves stays in the process): nothing keyed by assembly name, as Newtonsoft's type cache is, mixes up the copies.
    /// </summary>
    public static string UniqueAssemblyName() => "Module" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Loads the module into a new collectible context, calls <c>Module.Entry.Run(arguments)</c>, checks its result,
    /// calls <c>Module.Entry.</c><paramref name="stop"/>, runs <paramref name="beforeUnload"/>, unloads the context
    /// (its Unloading event fires here) and hands back only a weak reference to it. Not inlined, so no local of this
    /// frame keeps the context, its assembly or its types alive while the caller watches.
    /// </summary>
    /// <param name="stop">
    /// A parameterless static method of <c>Module.Entry</c> called after <c>Run</c>, the way a host shuts a module down
    /// before unloading it (e.g. <c>"Stop"</c>, which disposes what the module owns); none when null.
    /// </param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WeakReference LoadRunAndUnload(
        byte[] image, object? expected, object?[]? arguments = null, Action? beforeUnload = null, string? stop = null)
    {
        var context = new AssemblyLoadContext("Module", isCollectible: true);
        var entry = context.LoadFromStream(new MemoryStream(image)).GetType("Module.Entry", throwOnError: true)!;
        var result = entry.GetMethod("Run")!.Invoke(null, arguments);
        if (expected is not null)
        {
            Assert.Equal(expected, result);
        }

        if (stop is not null)
        {
            entry.GetMethod(stop)!.Invoke(null, null);
        }

        beforeUnload?.Invoke();
        context.Unload();
        return new WeakReference(context);
    }

    /// <summary>Runs up to <paramref name="rounds"/> full collections (with finalizers) and says whether the context went.</summary>
    /// <param name="pause">
    /// Sleeps this long after each round, for what lets go of the module on another thread, asynchronously: a thread-pool
    /// wait thread drops an unregistered (or fired one-shot) wait on its own time, not within the call; a stopped listener
    /// completes its pending accept by running the module's callback or continuation on the thread pool. None by default.
    /// </param>
    public static bool IsCollected(WeakReference context, int rounds = 20, TimeSpan pause = default)
    {
        for (var i = 0; i < rounds && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (pause > TimeSpan.Zero)
            {
                Thread.Sleep(pause);
            }
        }

        return !context.IsAlive;
    }
}

/// <summary>A compiled module: its image, the diagnostics of its source as written, and those left after the fix.</summary>
public sealed record ModuleBuild(byte[] Image, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic> Remaining, string Source);

/// <summary>
/// The runtime tests share process-wide state (the GC, AppDomain events, System.Text.Json's caches, static events of
/// this assembly): they run one after the other, never beside another runtime test that watches a context.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModuleRuntimeCollection
{
    public const string Name = "Module runtime";
}
