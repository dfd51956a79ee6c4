using System;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3003 at run time: the module subscribes one of its methods to a process-global event, is unloaded and watched.
/// Before the fix the event's invocation list keeps the module's delegate (and the context); after the real fix the
/// handler is removed in the module's Unloading event and the context is collected. The unfixed modules' handlers
/// stay subscribed for the rest of the test run (they do nothing).
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class GlobalEventSubscriptionRuntimeTests
{
    private const string ProcessExitModule = """
        using System;

        namespace Module
        {
            public static class Entry
            {
                public static string Run()
                {
                    AppDomain.CurrentDomain.ProcessExit += OnExit;
                    return "subscribed";
                }

                private static void OnExit(object? sender, EventArgs e) { }
            }
        }
        """;

    /// <summary>A lambda that captures module state: the delegate the event keeps is the module's closure.</summary>
    private const string LambdaModule = """
        using System;

        namespace Module
        {
            public static class Entry
            {
                public static string Run()
                {
                    var exits = 0;
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => exits++;
                    return "subscribed";
                }
            }
        }
        """;

    private const string SharedLibraryModule = """
        using System;
        using Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

        namespace Module
        {
            public sealed class Listener
            {
                private int _changes;

                public void Listen() => SharedLibrary.Changed += OnChanged;

                private void OnChanged(object? sender, EventArgs e) => _changes++;
            }

            public static class Entry
            {
                public static string Run()
                {
                    new Listener().Listen();
                    return "subscribed";
                }
            }
        }
        """;

    [Fact]
    public async Task A_ProcessExit_handler_keeps_the_module_until_the_fix_removes_it_on_unload()
    {
        var before = await ModuleRuntime.BuildAsync(ProcessExitModule, new GlobalEventSubscriptionAnalyzer());
        Assert.Equal(RuleIds.GlobalEventSubscription, Assert.Single(before.Diagnostics).Id);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(before.Image, "subscribed")),
            "the ProcessExit handler did not keep the module: KPL3003 would be a false positive");

        var after = await ModuleRuntime.BuildAsync(ProcessExitModule, new GlobalEventSubscriptionAnalyzer(), new GlobalEventSubscriptionFixer());
        Assert.Contains("Unloading += _ => AppDomain.CurrentDomain.ProcessExit -= OnExit;", after.Source);
        Assert.Empty(after.Remaining);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(after.Image, "subscribed")),
            "the module still did not unload after the KPL3003 fix:\n" + after.Source);
    }

    [Fact]
    public async Task A_lambda_ProcessExit_handler_keeps_the_module_until_the_fix_removes_it_through_a_local()
    {
        var before = await ModuleRuntime.BuildAsync(LambdaModule, new GlobalEventSubscriptionAnalyzer());
        Assert.Equal(RuleIds.GlobalEventSubscription, Assert.Single(before.Diagnostics).Id);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(before.Image, "subscribed")),
            "the lambda handler did not keep the module: KPL3003 would be a false positive");

        var after = await ModuleRuntime.BuildAsync(LambdaModule, new GlobalEventSubscriptionAnalyzer(), new GlobalEventSubscriptionFixer());
        Assert.Contains("Unloading += _ => AppDomain.CurrentDomain.ProcessExit -= onProcessExit;", after.Source);
        Assert.Empty(after.Remaining);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(after.Image, "subscribed")),
            "the module still did not unload after the KPL3003 fix:\n" + after.Source);
    }

    [Fact]
    public async Task A_static_event_of_a_shared_library_keeps_the_module_until_the_fix_removes_the_handler_on_unload()
    {
        // This test assembly is in the default context, as a library the base shares with its modules.
        var shared = new[] { typeof(SharedLibrary).Assembly.Location };
        var subscribers = SharedLibrary.Subscribers;

        var before = await ModuleRuntime.BuildAsync(SharedLibraryModule, new GlobalEventSubscriptionAnalyzer(), sharedAssemblies: shared);
        Assert.Equal(RuleIds.GlobalEventSubscription, Assert.Single(before.Diagnostics).Id);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(before.Image, "subscribed")),
            "the shared library's static event did not keep the module: KPL3003 would be a false positive");
        Assert.Equal(subscribers + 1, SharedLibrary.Subscribers);

        var after = await ModuleRuntime.BuildAsync(SharedLibraryModule, new GlobalEventSubscriptionAnalyzer(), new GlobalEventSubscriptionFixer(), sharedAssemblies: shared);
        Assert.Contains("Unloading += _ => SharedLibrary.Changed -= OnChanged;", after.Source);
        Assert.Empty(after.Remaining);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(after.Image, "subscribed")),
            "the module still did not unload after the KPL3003 fix:\n" + after.Source);
        Assert.Equal(subscribers + 1, SharedLibrary.Subscribers);
    }
}

/// <summary>A library type the base shares with its modules: its static event lives as long as the process.</summary>
public static class SharedLibrary
{
    public static event EventHandler? Changed;

    public static int Subscribers => Changed?.GetInvocationList().Length ?? 0;
}
