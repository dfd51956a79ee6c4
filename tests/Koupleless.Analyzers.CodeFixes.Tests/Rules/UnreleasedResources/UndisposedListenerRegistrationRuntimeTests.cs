using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3005 and its fix at run time: a module compiled here subscribes to DiagnosticListener.AllListeners and
/// registers an ActivityListener (or starts a MeterListener), is loaded into a collectible AssemblyLoadContext and
/// unloaded. Before the fix the process-global listener lists keep it; after the real code fix (applied through a
/// workspace, one diagnostic at a time) it is collected. A MeterListener created and never started holds nothing:
/// that is the control.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
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

    // The way a module collects its own metrics: its callbacks are given to a listener the runtime keeps once started.
    private const string StartedMeterListener = """
        using System.Diagnostics.Metrics;

        namespace Module
        {
            public static class Entry
            {
                private static long _total;

                public static string Run()
                {
                    var listener = new MeterListener();
                    listener.InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument);
                    listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => _total += value);
                    listener.Start();
                    return "registered";
                }
            }
        }
        """;

    private const string NeverStartedMeterListener = """
        using System.Diagnostics.Metrics;

        namespace Module
        {
            public static class Entry
            {
                public static string Run()
                {
                    var listener = new MeterListener();
                    listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => { });
                    return "registered";
                }
            }
        }
        """;

    [Fact]
    public Task Listener_registrations_keep_the_module_until_the_fix_disposes_them_on_unload()
        => AssertKeptUntilFixedAsync(ListenerModule, registrations: 2, "the listener registrations");

    [Fact]
    public Task A_started_MeterListener_keeps_the_module_until_the_fix_disposes_it_on_unload()
        => AssertKeptUntilFixedAsync(StartedMeterListener, registrations: 1, "the started MeterListener");

    [Fact]
    public async Task A_MeterListener_never_started_does_not_keep_the_module()
    {
        var build = await BuildAsync(NeverStartedMeterListener, applyFix: false);
        Assert.True(RunsAndIsCollected(build.Image), "a MeterListener that was never started kept the module");
    }

    /// <summary>
    /// The module reports <paramref name="registrations"/> diagnostics and is not collected after Unload(); with the real
    /// fix applied nothing is left and it is collected.
    /// </summary>
    private static async Task AssertKeptUntilFixedAsync(string source, int registrations, string what)
    {
        var unfixed = await BuildAsync(source, applyFix: false);
        Assert.Equal(registrations, unfixed.Diagnostics.Length);
        Assert.False(RunsAndIsCollected(unfixed.Image), $"{what} did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(source, applyFix: true);
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsAndIsCollected(fixedBuild.Image), $"disposing {what} on Unloading did not let the module unload");
    }

    /// <summary>Builds the module, with the real KPL3005 fix applied until no diagnostic is left when <paramref name="applyFix"/>.</summary>
    private static Task<ModuleBuild> BuildAsync(string source, bool applyFix)
        => ModuleRuntime.BuildAsync(
            source,
            new UndisposedListenerRegistrationAnalyzer(),
            applyFix ? new UndisposedListenerRegistrationFixer() : null,
            assemblyName: ModuleRuntime.UniqueAssemblyName());

    private static bool RunsAndIsCollected(byte[] image)
        => ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "registered"), rounds: 30);
}
