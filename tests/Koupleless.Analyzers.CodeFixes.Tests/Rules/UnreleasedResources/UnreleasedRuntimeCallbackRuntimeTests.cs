using System;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3006 and its fixes at run time: the module is compiled here, loaded into a collectible
/// AssemblyLoadContext, started, stopped the way a host stops it (<c>Entry.Stop</c> disposes what it owns), unloaded,
/// and the test watches whether the context is collected — before and after the real code fix.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
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
        var unfixed = await BuildAsync(StaticRegistration, fixer: null);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsStopsAndIsCollected(unfixed.Image), "the registration did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(StaticRegistration, new UnreleasedRuntimeCallbackFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsStopsAndIsCollected(fixedBuild.Image), "Unregister in the Unloading handler did not let the module unload");
    }

    [Fact]
    public async Task A_dropped_registration_keeps_the_module_until_the_fix_keeps_it_in_a_local_and_unregisters_it()
    {
        var unfixed = await BuildAsync(DroppedRegistration, fixer: null);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsStopsAndIsCollected(unfixed.Image), "the dropped registration did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(DroppedRegistration, new UnreleasedRuntimeCallbackFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsStopsAndIsCollected(fixedBuild.Image), "Unregister through the new local in the Unloading handler did not let the module unload");
    }

    [Fact]
    public async Task An_instance_registration_keeps_the_module_until_the_owner_becomes_IDisposable()
    {
        var unfixed = await BuildAsync(OwnedRegistration, fixer: null);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsStopsAndIsCollected(unfixed.Image), "the registration in an instance field did not keep the module");

        var fixedBuild = await BuildAsync(OwnedRegistration, new DisposeWithOwnerFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsStopsAndIsCollected(fixedBuild.Image), "Dispose of the owner did not let the module unload");
    }

    [Fact]
    public async Task A_one_shot_registration_is_not_reported_and_unloads()
    {
        var build = await BuildAsync(OneShot, fixer: null);
        Assert.Empty(build.Diagnostics);
        Assert.True(RunsStopsAndIsCollected(build.Image), "a one-shot registration kept the module: the rule would miss it");
    }

    /// <summary>Builds the module, with <paramref name="fixer"/> (the real fix) applied until no diagnostic is left.</summary>
    private static Task<ModuleBuild> BuildAsync(string source, CodeFixProvider? fixer)
        => ModuleRuntime.BuildAsync(source, new UnreleasedRuntimeCallbackAnalyzer(), fixer, assemblyName: ModuleRuntime.UniqueAssemblyName());

    /// <summary>
    /// Runs the module, stops it as a host does (<c>Entry.Stop</c>), unloads it and watches it, pausing between GC
    /// rounds: the thread-pool wait thread lets go of an unregistered wait asynchronously.
    /// </summary>
    private static bool RunsStopsAndIsCollected(byte[] image)
        => ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, expected: null, stop: "Stop"), rounds: 30, pause: TimeSpan.FromMilliseconds(10));
}
