using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3001 at run time: each module starts a timer, is unloaded and watched. Before the fix the timer queue keeps the
/// module's callback (and through it the context) alive; after the real fix the timer is disposed in the module's
/// Unloading event and the context is collected. The timers of the unfixed modules stay queued for the rest of the
/// test run: their periods are long, so they never fire during it.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class UndisposedTimerRuntimeTests
{
    private const string StaticThreadingTimer = """
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static Timer? _timer;

                public static string Run()
                {
                    _timer = new Timer(_ => { }, null, 600_000, 600_000);
                    return "started";
                }
            }
        }
        """;

    /// <summary>The fix adds a static constructor that subscribes the release; Run touches the field so the type is initialized.</summary>
    private const string StaticFieldInitializerTimer = """
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static readonly Timer _tick = new Timer(_ => { }, null, 600_000, 600_000);

                public static string Run() => _tick is null ? "missing" : "started";
            }
        }
        """;

    private const string StartedTimersTimer = """
        namespace Module
        {
            public static class Entry
            {
                private static System.Timers.Timer? _elapsed;

                public static string Run()
                {
                    _elapsed = new System.Timers.Timer(600_000);
                    _elapsed.Elapsed += (_, _) => { };
                    _elapsed.Start();
                    return "started";
                }
            }
        }
        """;

    private const string InstanceTimerCapturingItsOwner = """
        using System.Threading;

        namespace Module
        {
            public sealed class Poller
            {
                private Timer? _timer;
                private int _ticks;

                public void Start()
                {
                    _timer = new Timer(_ => _ticks++, null, 600_000, 600_000);
                }
            }

            public static class Entry
            {
                public static string Run()
                {
                    new Poller().Start();
                    return "started";
                }
            }
        }
        """;

    public static TheoryData<string> Cases => new()
    {
        nameof(StaticThreadingTimer), nameof(StaticFieldInitializerTimer), nameof(StartedTimersTimer), nameof(InstanceTimerCapturingItsOwner),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_timer_keeps_the_module_until_the_fix_disposes_it_on_unload(string @case)
    {
        var module = @case switch
        {
            nameof(StaticThreadingTimer) => StaticThreadingTimer,
            nameof(StaticFieldInitializerTimer) => StaticFieldInitializerTimer,
            nameof(StartedTimersTimer) => StartedTimersTimer,
            _ => InstanceTimerCapturingItsOwner,
        };
        var before = await ModuleRuntime.BuildAsync(module, new UndisposedTimerAnalyzer());
        Assert.Equal(RuleIds.UndisposedTimer, Assert.Single(before.Diagnostics).Id);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(before.Image, "started")),
            "the timer did not keep the module: KPL3001 would be a false positive");

        var after = await ModuleRuntime.BuildAsync(module, new UndisposedTimerAnalyzer(), new UndisposedTimerFixer());
        Assert.Contains(".Unloading += _ => _", after.Source);
        Assert.Empty(after.Remaining);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(after.Image, "started")),
            "the module still did not unload after the KPL3001 fix:\n" + after.Source);
    }

    /// <summary>A static one-shot timer: Run waits <c>{1}</c> ms so that, with a due time of <c>{0}</c> ms, it has fired or not.</summary>
    private static string OneShot(int dueMilliseconds, int waitMilliseconds) => $$"""
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                private static Timer? _once;

                public static string Run()
                {
                    _once = new Timer(_ => { }, null, {{dueMilliseconds}}, Timeout.Infinite);
                    Thread.Sleep({{waitMilliseconds}});
                    return "started";
                }
            }
        }
        """;

    /// <summary>
    /// Why KPL3001 does not report one-shot timers, and its limit: a fired one-shot timer has left the queue and the
    /// module is collected; one still pending keeps the module until it fires.
    /// </summary>
    [Fact]
    public async Task A_one_shot_timer_keeps_the_module_only_until_it_fires()
    {
        var fired = await ModuleRuntime.BuildAsync(OneShot(dueMilliseconds: 20, waitMilliseconds: 500), new UndisposedTimerAnalyzer());
        Assert.Empty(fired.Diagnostics);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(fired.Image, "started")),
            "a fired one-shot timer still kept the module: KPL3001 must report one-shot timers");

        var pending = await ModuleRuntime.BuildAsync(OneShot(dueMilliseconds: 600_000, waitMilliseconds: 0), new UndisposedTimerAnalyzer());
        Assert.Empty(pending.Diagnostics);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(pending.Image, "started")),
            "a pending one-shot timer did not keep the module: the limit on KPL3001's page is wrong");
    }
}
