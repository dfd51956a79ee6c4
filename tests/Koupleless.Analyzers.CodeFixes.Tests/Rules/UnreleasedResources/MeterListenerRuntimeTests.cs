using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures the KPL3005 line for <c>MeterListener</c> at run time: a module starts a listener with its own callbacks
/// (the way a module collects its metrics), is loaded into a collectible AssemblyLoadContext and unloaded. Before the
/// fix the runtime's list of started listeners keeps it; after the real code fix it is collected. A listener created
/// and never started holds nothing: that is the control.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class MeterListenerRuntimeTests
{
    private const string StartedListener = """
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

    private const string NeverStarted = """
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
    public async Task A_started_listener_keeps_the_module_until_the_fix_disposes_it_on_unload()
    {
        var unfixed = await BuildAsync(StartedListener, applyFix: false);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsAndIsCollected(unfixed.Image), "the started MeterListener did not keep the module: the line would be a false positive");

        var fixedBuild = await BuildAsync(StartedListener, applyFix: true);
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsAndIsCollected(fixedBuild.Image), "disposing the MeterListener on Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_listener_never_started_does_not_keep_the_module()
    {
        var build = await BuildAsync(NeverStarted, applyFix: false);
        Assert.True(RunsAndIsCollected(build.Image), "a MeterListener that was never started kept the module");
    }

    private static Task<ModuleBuild> BuildAsync(string source, bool applyFix)
        => ModuleRuntime.BuildAsync(
            source,
            new UndisposedListenerRegistrationAnalyzer(),
            applyFix ? new UndisposedListenerRegistrationFixer() : null,
            assemblyName: ModuleRuntime.UniqueAssemblyName());

    private static bool RunsAndIsCollected(byte[] image)
        => ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "registered"), rounds: 30);
}
