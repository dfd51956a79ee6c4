using System;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3002 at run time: the module starts a background thread (or a LongRunning task) running an endless loop, is
/// unloaded and watched.
/// Before the fix the running thread keeps the context; after the real fix the module's Unloading event cancels the
/// StopOnUnload token, the loop ends, the thread ends and the context is collected. The module hands the test its
/// thread (through a callback of the default context), so every test ends the thread it started — by Interrupt when
/// the module does not — and no thread outlives its test.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class UnstoppedThreadRuntimeTests
{
    private const string ThreadModule = """
        using System;
        using System.Threading;

        namespace Module
        {
            public static class Entry
            {
                public static string Run(Action<Thread> starting, ManualResetEventSlim looping)
                {
                    new Thread(() =>
                    {
                        starting(Thread.CurrentThread);
                        try
                        {
                            while (true)
                            {
                                looping.Set();
                                Thread.Sleep(5);
                            }
                        }
                        catch (ThreadInterruptedException)
                        {
                        }
                    }) { IsBackground = true }.Start();
                    return "started";
                }
            }
        }
        """;

    /// <summary>A LongRunning task gets a dedicated (background) thread: the same hazard, through the task API.</summary>
    private const string LongRunningTaskModule = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Module
        {
            public static class Entry
            {
                public static string Run(Action<Thread> starting, ManualResetEventSlim looping)
                {
                    Task.Factory.StartNew(() =>
                    {
                        starting(Thread.CurrentThread);
                        try
                        {
                            for (;;)
                            {
                                looping.Set();
                                Thread.Sleep(5);
                            }
                        }
                        catch (ThreadInterruptedException)
                        {
                        }
                    }, TaskCreationOptions.LongRunning);
                    return "started";
                }
            }
        }
        """;

    /// <summary>
    /// Pipelines.Sockets.Unofficial's shape (held-out set 10): a scheduler whose worker waits for work until the scheduler
    /// is disposed, and a static default instance of it. UNLOADING is where the fixed module disposes the default.
    /// </summary>
    private const string StaticDefaultModule = """
        using System;
        using System.Collections.Generic;
        using System.Threading;

        namespace Module
        {
            public sealed class Scheduler : IDisposable
            {
                private static class StaticContext
                {
                    internal static readonly Scheduler Instance = new Scheduler();
                }

                internal static Action<Thread> Starting;
                internal static ManualResetEventSlim Looping;
                private readonly Queue<Action> _queue = new Queue<Action>();
                private volatile bool _disposed;

                private Scheduler() => new Thread(Work) { IsBackground = true }.Start();

                public static Scheduler Default => StaticContext.Instance;

                private void Work()
                {
                    Starting(Thread.CurrentThread);
                    try
                    {
                        while (true)
                        {
                            Action item;
                            lock (_queue)
                            {
                                while (_queue.Count == 0)
                                {
                                    if (_disposed)
                                    {
                                        return;
                                    }

                                    Looping.Set();
                                    Monitor.Wait(_queue);
                                }

                                item = _queue.Dequeue();
                            }

                            item();
                        }
                    }
                    catch (ThreadInterruptedException)
                    {
                    }
                }

                public void Dispose()
                {
                    _disposed = true;
                    lock (_queue)
                    {
                        Monitor.PulseAll(_queue);
                    }
                }
            }

            public static class Entry
            {
                public static string Run(Action<Thread> starting, ManualResetEventSlim looping)
                {
                    Scheduler.Starting = starting;
                    Scheduler.Looping = looping;
                    _ = Scheduler.Default;
                    UNLOADING
                    return "started";
                }
            }
        }
        """;

    /// <summary>
    /// The thread of a static default nothing disposes keeps the module (reported); disposing the default when the module
    /// unloads, as the message asks, ends the thread and the module goes (not reported).
    /// </summary>
    [Fact]
    public async Task A_static_defaults_worker_keeps_the_module_until_the_module_disposes_the_default_on_unload()
    {
        var before = await ModuleRuntime.BuildAsync(StaticDefaultModule.Replace("UNLOADING", string.Empty), new UnstoppedThreadAnalyzer());
        Assert.Equal(RuleIds.UnstoppedThread, Assert.Single(before.Diagnostics).Id);
        using (var thread = new ModuleThread(gated: false))
        {
            Assert.False(ModuleRuntime.IsCollected(thread.RunAndUnload(before.Image)), "the default's worker did not keep the module: KPL3002 would be a false positive");
            Assert.True(thread.IsRunning, "the default's worker ended by itself");
            var context = thread.LastContext!;
            thread.Stop();
            Assert.True(ModuleRuntime.IsCollected(context), "the module stayed after its worker ended: something else keeps it");
        }

        var after = await ModuleRuntime.BuildAsync(
            StaticDefaultModule.Replace("UNLOADING", "System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => Scheduler.Default.Dispose();"),
            new UnstoppedThreadAnalyzer());
        Assert.Empty(after.Diagnostics);
        using (var thread = new ModuleThread(gated: false))
        {
            var context = thread.RunAndUnload(after.Image);
            Assert.True(thread.EndsWithin(Bounded), "the worker did not end when the module disposed the default on unload");
            Assert.True(ModuleRuntime.IsCollected(context), "the module did not unload after disposing the default");
        }
    }

    /// <summary>
    /// ApplicationInsights' and OpenTelemetry's self-diagnostics shape (held-out set 1, the source benchmark): a static
    /// default owns a refresher whose task polls until the refresher's own token source is cancelled, which only its
    /// Dispose does. The real libraries dispose the default in a ProcessExit handler, which never runs at unload and pins
    /// the module by itself (KPL3003), so it is left out here to watch the poller alone. Run hands the test the default,
    /// for clean-up (a call the analyzer does not see); UNLOADING is where the fixed module disposes it.
    /// </summary>
    private const string TokenPollerModule = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Module
        {
            public sealed class Diagnostics : IDisposable
            {
                internal static readonly Diagnostics Instance = new Diagnostics();
                private readonly Refresher _refresher;

                private Diagnostics() => _refresher = new Refresher();

                public void Dispose() => _refresher.Dispose();
            }

            public sealed class Refresher : IDisposable
            {
                internal static ManualResetEventSlim Polling;
                private readonly CancellationTokenSource _cts;

                public Refresher()
                {
                    _cts = new CancellationTokenSource();
                    Task.Run(() => Worker(_cts.Token), _cts.Token);
                }

                private async Task Worker(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        Polling.Set();
                        await Task.Delay(20, token).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                }

                public void Dispose() => _cts.Cancel();
            }

            public static class Entry
            {
                public static string Run(ManualResetEventSlim polling, Action<IDisposable> giveDefault)
                {
                    Refresher.Polling = polling;
                    giveDefault(Diagnostics.Instance);
                    polling.Wait(10000); // polling before the module can unload
                    UNLOADING
                    return "started";
                }
            }
        }
        """;

    /// <summary>
    /// The poller of a static default's refresher keeps the module (reported); disposing the default when the module
    /// unloads, as the message asks, cancels its token, the poller ends and the module goes (not reported).
    /// </summary>
    [Fact]
    public async Task A_static_defaults_token_poller_keeps_the_module_until_the_module_disposes_the_default_on_unload()
    {
        var before = await ModuleRuntime.BuildAsync(TokenPollerModule.Replace("UNLOADING", string.Empty), new UnstoppedThreadAnalyzer());
        Assert.Equal(RuleIds.UnstoppedThread, Assert.Single(before.Diagnostics).Id);
        using (var polling = new ManualResetEventSlim())
        {
            var held = new IDisposable?[1];
            var context = ModuleRuntime.LoadRunAndUnload(before.Image, "started", new object?[] { polling, (Action<IDisposable>)(d => held[0] = d) });
            Assert.True(polling.Wait(Bounded), "the poller never ran");
            Assert.False(ModuleRuntime.IsCollected(context), "the default's poller did not keep the module: KPL3002 would be a false positive");

            // The poller was the only thing keeping the module: once its token is cancelled, the context goes.
            held[0]!.Dispose();
            held[0] = null;
            Assert.True(ModuleRuntime.IsCollected(context, pause: TimeSpan.FromMilliseconds(50)), "the module stayed after its poller ended: something else keeps it");
        }

        var after = await ModuleRuntime.BuildAsync(
            TokenPollerModule.Replace("UNLOADING", "System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Entry).Assembly)!.Unloading += _ => Diagnostics.Instance.Dispose();"),
            new UnstoppedThreadAnalyzer());
        Assert.Empty(after.Diagnostics);
        using (var polling = new ManualResetEventSlim())
        {
            var context = ModuleRuntime.LoadRunAndUnload(after.Image, "started", new object?[] { polling, (Action<IDisposable>)(_ => { }) });
            Assert.True(polling.Wait(Bounded), "the poller never ran");
            Assert.True(ModuleRuntime.IsCollected(context, pause: TimeSpan.FromMilliseconds(50)), "the module did not unload after disposing the default");
        }
    }

    public static TheoryData<string> Cases => new() { nameof(ThreadModule), nameof(LongRunningTaskModule) };

    // Generous: only a failing run waits this long, and a loaded CI machine may take a while to start a thread.
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_looping_thread_keeps_the_module_until_the_fix_stops_it_on_unload(string @case)
    {
        var module = @case == nameof(LongRunningTaskModule) ? LongRunningTaskModule : ThreadModule;
        var before = await ModuleRuntime.BuildAsync(module, new UnstoppedThreadAnalyzer());
        Assert.Equal(RuleIds.UnstoppedThread, Assert.Single(before.Diagnostics).Id);
        using (var thread = new ModuleThread(gated: false))
        {
            Assert.False(ModuleRuntime.IsCollected(thread.RunAndUnload(before.Image)), "the looping thread did not keep the module: KPL3002 would be a false positive");
            Assert.True(thread.IsRunning, "the unfixed loop ended by itself");

            // The thread was the only thing keeping the module: once it is interrupted, the context goes.
            var context = thread.LastContext!;
            thread.Stop();
            Assert.True(ModuleRuntime.IsCollected(context), "the module stayed after its thread ended: something else keeps it");
        }

        var after = await ModuleRuntime.BuildAsync(module, new UnstoppedThreadAnalyzer(), new UnstoppedThreadFixer());
        Assert.Contains("!StopOnUnload.IsCancellationRequested", after.Source);
        Assert.Empty(after.Remaining);
        using (var thread = new ModuleThread(gated: false))
        {
            var context = thread.RunAndUnload(after.Image);
            Assert.True(thread.EndsWithin(Bounded), "the fixed loop did not end when the module unloaded:\n" + after.Source);
            Assert.True(ModuleRuntime.IsCollected(context), "the module still did not unload after the KPL3002 fix:\n" + after.Source);
        }
    }

    [Fact]
    public async Task The_fix_stops_a_thread_that_reaches_its_loop_only_after_the_unload()
    {
        var after = await ModuleRuntime.BuildAsync(ThreadModule, new UnstoppedThreadAnalyzer(), new UnstoppedThreadFixer());

        // Without it the token source was created lazily, by the thread at its first loop check: after Unloading fired.
        Assert.Contains("static Entry()", after.Source);
        using var thread = new ModuleThread(gated: true);
        var context = thread.RunAndUnload(after.Image);
        thread.OpenGate();
        Assert.True(thread.EndsWithin(Bounded), "the fixed loop missed the Unloading event that fired before it started:\n" + after.Source);
        Assert.True(ModuleRuntime.IsCollected(context), "the module still did not unload after the KPL3002 fix:\n" + after.Source);
    }

    /// <summary>
    /// The test's side of the module's thread: learns it when it starts, optionally holds it at a gate before its loop
    /// (to unload while it has not reached the loop yet), and always ends it on Dispose. Holds the Thread object only,
    /// which no longer references the module's delegate once the thread runs.
    /// </summary>
    private sealed class ModuleThread : IDisposable
    {
        private readonly ManualResetEventSlim _started = new();
        private readonly ManualResetEventSlim _looping = new();
        private readonly ManualResetEventSlim? _gate;
        private Thread? _thread;

        public ModuleThread(bool gated) => _gate = gated ? new ManualResetEventSlim() : null;

        public WeakReference? LastContext { get; private set; }

        public bool IsRunning => _thread?.IsAlive == true;

        /// <summary>Runs the module; unloads once its thread is looping (or, gated, once it is held before its loop).</summary>
        public WeakReference RunAndUnload(byte[] image)
        {
            Action<Thread> starting = thread =>
            {
                _thread = thread;
                _started.Set();
                _gate?.Wait(Bounded);
            };
            LastContext = ModuleRuntime.LoadRunAndUnload(image, "started", new object[] { starting, _looping }, beforeUnload: () =>
                Assert.True((_gate is null ? _looping : _started).Wait(Bounded), "the module's thread did not start"));
            return LastContext;
        }

        public void OpenGate() => _gate?.Set();

        public bool EndsWithin(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

        public void Stop()
        {
            _gate?.Set();
            _thread?.Interrupt();
            Assert.True(EndsWithin(Bounded), "the module's thread did not end on Interrupt");
        }

        public void Dispose()
        {
            if (IsRunning)
            {
                Stop();
            }
        }
    }
}
