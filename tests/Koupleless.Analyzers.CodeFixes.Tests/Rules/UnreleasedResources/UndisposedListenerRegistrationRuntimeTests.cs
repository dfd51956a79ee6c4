using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3005 and its fix at run time: a module compiled here subscribes to DiagnosticListener.AllListeners and
/// registers an ActivityListener, is loaded into a collectible AssemblyLoadContext and unloaded. Before the fix the
/// process-global listener lists keep it; after the real code fix (applied through a workspace, one diagnostic at a
/// time) it is collected.
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

    [Fact]
    public async Task Listener_registrations_keep_the_module_until_the_fix_disposes_them_on_unload()
    {
        var unfixed = await BuildAsync(applyFix: false);
        Assert.Equal(2, unfixed.Diagnostics.Length);
        Assert.False(RunsAndIsCollected(unfixed.Image), "the listener registrations did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(applyFix: true);
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsAndIsCollected(fixedBuild.Image), "disposing the registrations on Unloading did not let the module unload");
    }

    /// <summary>Builds the module, with the real KPL3005 fix applied until no diagnostic is left when <paramref name="applyFix"/>.</summary>
    private static Task<ModuleBuild> BuildAsync(bool applyFix)
        => ModuleRuntime.BuildAsync(
            ListenerModule,
            new UndisposedListenerRegistrationAnalyzer(),
            applyFix ? new UndisposedListenerRegistrationFixer() : null,
            assemblyName: ModuleRuntime.UniqueAssemblyName());

    private static bool RunsAndIsCollected(byte[] image)
        => ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "registered"), rounds: 30);
}
