using System.Linq;
using Koupleless.Testing.Retention;
using Koupleless.Testing.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Testing.Tests;

/// <summary>
/// Each KPL3xxx shape, planted in a module that is loaded twice and unloaded: the kit throws, and the retention path
/// names what a user acts on (the static, timer, handle, thread or event at the root, and the module's method or type).
/// </summary>
[Collection(ModuleLoadingCollection.Name)]
public sealed class RetentionPathTests
{
    [Fact]
    public void A_static_timer_is_named_by_the_timer_queue_and_the_callback()
    {
        var path = SinglePathOfEachCopy("""
            namespace Module;
            public static class Entry
            {
                private static System.Threading.Timer? _timer;
                public static void Run() => _timer = new System.Threading.Timer(Tick, null, 600_000, 600_000);
                private static void Tick(object? state) { }
            }
            """, "KPL3001");
        Assert.Equal("timer", path.Shape);
        Assert.Equal("static field System.Threading.TimerQueue.Instances", path.Root);
        Assert.Contains(path.Steps, s => s.Object.StartsWith("System.Threading.TimerQueueTimer"));
        Assert.Contains(path.Steps, s => s.Object.EndsWith("Module.Entry.Tick"));
    }

    [Fact]
    public void A_process_exit_handler_is_named_by_the_event_and_the_handler()
    {
        var path = SinglePathOfEachCopy("""
            namespace Module;
            public sealed class Entry
            {
                public void Run() => System.AppDomain.CurrentDomain.ProcessExit += OnExit;
                private void OnExit(object? sender, System.EventArgs e) { }
            }
            """, "KPL3003");
        Assert.Equal("event", path.Shape);
        Assert.Contains(path.Steps, s => s.Via == ".ProcessExit");
        Assert.Contains(path.Steps, s => s.Object == "System.EventHandler → Module.Entry.OnExit");
        Assert.Equal("Module.Entry [module]", path.ModuleObject.Object);
    }

    [Fact]
    public void A_dynamic_operation_is_named_by_the_runtime_binders_cache()
    {
        // The binder cache keeps each copy by several binders: every path is the cache's.
        var paths = PathsOfRetainedModule("""
            namespace Module;
            public sealed class Widget { public string Name { get; set; } = "w"; }
            public static class Entry
            {
                public static void Run()
                {
                    dynamic widget = new Widget();
                    _ = widget.Name;
                }
            }
            """);
        Assert.All(paths, p => Assert.Equal(("C# runtime binder cache", "KPL3011"), (p.Shape, p.RuleId)));
        Assert.Equal(new[] { "#1", "#2" }, paths.Select(p => p.Copy[^2..]).Distinct().Order());
        Assert.Contains(paths, p => p.Steps.Any(s => s.Object.StartsWith("Microsoft.CSharp.RuntimeBinder.", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void A_DataTable_column_of_a_module_type_is_named_by_System_Data()
    {
        var paths = PathsOfRetainedModule("""
            namespace Module;
            public sealed class Widget { }
            public static class Entry
            {
                public static void Run()
                {
                    var table = new System.Data.DataTable();
                    table.Columns.Add("widget", typeof(Widget));
                }
            }
            """);
        Assert.All(paths, p => Assert.Equal(("framework type cache", "KPL3010"), (p.Shape, p.RuleId)));
        Assert.Contains(paths, p => p.Steps.Any(s => s.Object.StartsWith("System.Data.", System.StringComparison.Ordinal)) || p.Root.Contains("System.Data.", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_strong_gc_handle_is_the_root_itself()
    {
        var path = SinglePathOfEachCopy("""
            namespace Module;
            public sealed class Entry
            {
                private System.Runtime.InteropServices.GCHandle _self;
                public void Run() => _self = System.Runtime.InteropServices.GCHandle.Alloc(this);
            }
            """, "KPL3004");
        Assert.Equal("GC handle (strong)", path.Root);
        Assert.Equal("Module.Entry [module]", Assert.Single(path.Steps).Object);
    }

    [Fact]
    public void A_thread_that_never_ends_is_named_by_its_name()
    {
        var paths = PathsOfRetainedModule("""
            namespace Module;
            public sealed class Entry
            {
                public void Run() => new System.Threading.Thread(Loop) { IsBackground = true, Name = "poller" }.Start();
                private void Loop() { while (true) { System.Threading.Thread.Sleep(50); } }
            }
            """);
        Assert.All(paths, p => Assert.Equal("KPL3002", p.RuleId));
        Assert.Contains(paths, p => p.Root == "stack of thread 'poller' in Module.Entry.Loop" || p.Steps.Any(s => s.Object == "System.Threading.Thread 'poller'"));
    }

    [Fact]
    public void A_module_object_left_in_a_static_of_shared_code_names_that_static()
    {
        var path = SinglePathOfEachCopy("""
            namespace Module;
            public sealed class Widget { }
            public static class Entry
            {
                public static void Run() => Koupleless.Testing.Tests.Infrastructure.SharedRegistry.Items.Add(new Widget());
            }
            """, "KPL1002");
        Assert.Equal("static field Koupleless.Testing.Tests.Infrastructure.SharedRegistry.Items", path.Root);
        Assert.Equal("Module.Widget [module]", path.ModuleObject.Object);
    }

    [Fact]
    public void A_non_collectible_load_context_of_the_modules_own_type_is_named_as_such()
    {
        var paths = PathsOfRetainedModule("""
            namespace Module;
            public sealed class PluginContext : System.Runtime.Loader.AssemblyLoadContext
            {
                public PluginContext() : base("plugins") { }
            }
            public static class Entry
            {
                public static void Run() => new PluginContext();
            }
            """);
        Assert.All(paths, p => Assert.Equal(("non-collectible load context", "KPL3007"), (p.Shape, p.RuleId)));
        Assert.All(paths, p => Assert.Equal("Module.PluginContext [non-collectible load context] [module]", Assert.Single(p.Steps).Object));
    }

    /// <summary>Without this shape the path read as an event (KPL3003): the handler hangs off the context's Resolving.</summary>
    [Fact]
    public void A_non_collectible_child_context_resolving_through_the_module_is_named_as_such()
    {
        var paths = PathsOfRetainedModule("""
            namespace Module;
            public static class Entry
            {
                public static void Run()
                {
                    var child = new System.Runtime.Loader.AssemblyLoadContext("child");
                    child.Resolving += (context, name) => null;
                }
            }
            """);
        Assert.All(paths, p => Assert.Equal(("non-collectible load context", "KPL3007"), (p.Shape, p.RuleId)));
        Assert.All(paths, p => Assert.Equal("System.Runtime.Loader.AssemblyLoadContext [non-collectible load context]", p.Steps[0].Object));
    }

    /// <summary>A collectible child context the module keeps is the module's own: nothing outside holds it.</summary>
    [Fact]
    public void A_collectible_child_context_resolving_through_the_module_unloads()
    {
        var module = TestModule.Build("""
            namespace Module;
            public static class Entry
            {
                public static void Run()
                {
                    var child = new System.Runtime.Loader.AssemblyLoadContext("child", isCollectible: true);
                    child.Resolving += (context, name) => null;
                }
            }
            """);
        using var copies = ModuleCopies.Load(module);
        copies.RunEach("Module.Entry.Run");
        copies.UnloadAndAssertCollected();
    }

    [Fact]
    public void A_module_that_releases_in_its_unloading_event_unloads()
    {
        var module = TestModule.Build("""
            namespace Module;
            public static class Entry
            {
                private static System.Threading.Timer? _timer;
                public static void Run()
                {
                    _timer = new System.Threading.Timer(_ => { }, null, 600_000, 600_000);
                    System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => _timer.Dispose();
                }
            }
            """);
        using var copies = ModuleCopies.Load(module);
        copies.RunEach("Module.Entry.Run");
        copies.UnloadAndAssertCollected();
    }

    /// <summary>A module whose poll loop sees its stop flag only after a 5 s sleep (30 collections take well under that): gone only when given that long.</summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(10, true)]
    public void A_module_that_ends_its_work_on_unload_goes_when_given_the_time(int unloadWaitSeconds, bool collected)
    {
        var module = TestModule.Build("""
            namespace Module;
            public sealed class Entry
            {
                private volatile bool _stopping;
                public void Run()
                {
                    new System.Threading.Thread(Loop) { IsBackground = true, Name = "slow-poller" }.Start();
                    System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => _stopping = true;
                }
                private void Loop() { while (!_stopping) { System.Threading.Thread.Sleep(5000); } }
            }
            """);
        using var copies = ModuleCopies.Load(module, new ModuleLoadOptions { UnloadWait = System.TimeSpan.FromSeconds(unloadWaitSeconds), ExplainRetention = false });
        copies.RunEach("Module.Entry.Run");
        var result = copies.Unload();
        Assert.Equal(collected, result.IsCollected);
    }

    private static RetentionPath SinglePathOfEachCopy(string source, string ruleId)
    {
        var paths = PathsOfRetainedModule(source);
        Assert.All(paths, p => Assert.Equal(ruleId, p.RuleId));
        Assert.Equal(new[] { "#1", "#2" }, paths.Select(p => p.Copy[^2..]).Order());
        return paths[0];
    }

    private static System.Collections.Generic.IReadOnlyList<RetentionPath> PathsOfRetainedModule(string source)
    {
        var copies = ModuleCopies.Load(TestModule.Build(source));
        copies.RunEach("Module.Entry.Run");
        var failure = Assert.Throws<ModuleRetainedException>(copies.UnloadAndAssertCollected);
        var retention = failure.Result.Retention!;
        Assert.True(retention.Error is null, retention.Error);
        Assert.Equal(2, failure.Result.Retained.Count);
        Assert.Contains(retention.Paths[0].Root, failure.Message);
        System.Console.WriteLine(failure.Message);
        return retention.Paths;
    }
}
