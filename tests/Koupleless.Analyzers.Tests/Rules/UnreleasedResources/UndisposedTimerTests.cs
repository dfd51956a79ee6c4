using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>KPL3001: timers that keep the module's context alive (DESIGN.md measurements), Module role only.</summary>
public sealed class UndisposedTimerTests
{
    private const string Pinning = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            private static Timer _static;
            private static readonly Timer Initialized = {|#1:new Timer(_ => { }, null, 0, 1000)|};
            private Timer _capturing;
            private Timer _methodGroup;
            private Timer _stateIsThis;
            private static System.Timers.Timer _elapsed;
            private PeriodicTimer _periodic;
            private Timer _other;

            void Start()
            {
                _static = {|#0:new Timer(_ => Console.WriteLine("tick"), null, 0, 1000)|};
                _capturing = {|#2:new Timer(_ => Tick(), null, 0, 1000)|};
                _methodGroup = {|#3:new Timer(OnTick, null, 0, 1000)|};
                _stateIsThis = {|#4:new Timer(s => ((Poller)s!).Tick(), this, 0, 1000)|};
                _elapsed = {|#5:new System.Timers.Timer(1000)|};
                _elapsed.Elapsed += (_, _) => Tick();
                _elapsed.Start();
                var local = {|#6:new System.Timers.Timer(1000) { Enabled = true }|};
                local.Elapsed += (_, _) => Tick();
                _periodic = {|#7:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                _other = new Timer(_ => Tick(), null, 0, 1000);
            }

            async Task LoopAsync()
            {
                while (await _periodic.WaitForNextTickAsync()) Tick();
            }

            void Tick() { }
            void OnTick(object? state) => Tick();

            // Disposes a different timer: _capturing stays reported.
            public void Dispose() => _other.Dispose();
        }
        """;

    [Fact]
    public Task Pinning_timers_are_reported_in_a_module() => AnalyzerSpec<UndisposedTimerAnalyzer>.For(Pinning)
        .Expect(
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(0).WithArguments("Timer", "stored in static field '_static'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(1).WithArguments("Timer", "stored in static field 'Initialized'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(2).WithArguments("Timer", "stored in field '_capturing'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(3).WithArguments("Timer", "stored in field '_methodGroup'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(4).WithArguments("Timer", "stored in field '_stateIsThis'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(5).WithArguments("Timer", "stored in static field '_elapsed'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(6).WithArguments("Timer", "in local 'local'"),
            AnalyzerSpec<UndisposedTimerAnalyzer>.Diagnostic("KPL3001").WithLocation(7).WithArguments("PeriodicTimer", "stored in field '_periodic'"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UndisposedTimerAnalyzer>.For("""
        using System.Threading;

        static class Heartbeat
        {
            private static Timer _timer;
            public static void Start() => _timer = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<UndisposedTimerAnalyzer>.For(Markup.Strip(Pinning))
            .InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Released_timers_are_not_reported(string role) => AnalyzerSpec<UndisposedTimerAnalyzer>.For("""
        using System;
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;

        class ReleasedOnUnload
        {
            private static Timer _timer;
            private static Timer _byMethod;
            private static Timer _changed;

            public static void Start()
            {
                _timer = new Timer(_ => Console.WriteLine("tick"), null, 0, 1000);
                AssemblyLoadContext.GetLoadContext(typeof(ReleasedOnUnload).Assembly)!.Unloading += _ => _timer.Dispose();
                _byMethod = new Timer(_ => { }, null, 0, 1000);
                AssemblyLoadContext.GetLoadContext(typeof(ReleasedOnUnload).Assembly)!.Unloading += OnUnloading;
                _changed = new Timer(_ => { }, null, 0, 1000);
            }

            private static void OnUnloading(AssemblyLoadContext context)
            {
                _byMethod?.Dispose();
                _changed.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }

        sealed class DisposedByOwner : IDisposable, IAsyncDisposable
        {
            private readonly Timer _timer;
            private readonly Timer _viaHelper;
            private readonly Timer _async;
            private readonly System.Timers.Timer _elapsed = new System.Timers.Timer(1000);

            public DisposedByOwner()
            {
                _timer = new Timer(_ => Tick(), null, 0, 1000);
                _viaHelper = new Timer(OnTick, null, 0, 1000);
                _async = new Timer(_ => Tick(), null, 0, 1000);
                _elapsed.Elapsed += (_, _) => Tick();
                _elapsed.Start();
            }

            public void Dispose()
            {
                _timer.Dispose();
                StopAll();
            }

            public async ValueTask DisposeAsync() => await _async.DisposeAsync();

            private void StopAll()
            {
                _viaHelper.Dispose();
                _elapsed.Stop();
            }

            void Tick() { }
            void OnTick(object? state) { }
        }

        class UnloadsFine
        {
            private static readonly System.Timers.Timer Idle = new System.Timers.Timer(1000);   // never started
            private Timer _nonCapturing;
            public Timer Exposed = new Timer(_ => { }, null, 0, 1000);                         // others may dispose it

            void Start()
            {
                new Timer(_ => Console.WriteLine("tick"), null, 0, 1000);                         // stored nowhere: finalized
                var local = new Timer(_ => { }, null, 0, 1000);
                _nonCapturing = new Timer(static _ => Console.WriteLine("tick"), null, 0, 1000);
                Idle.Interval = 500;
            }

            async Task PollAsync()
            {
                using var periodic = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (await periodic.WaitForNextTickAsync()) { }
                var disposedLater = new PeriodicTimer(TimeSpan.FromSeconds(1));
                await disposedLater.WaitForNextTickAsync();
                disposedLater.Dispose();
            }

            Timer Create() => new Timer(_ => Start(), null, 0, 1000);                          // the caller owns it

            System.Timers.Timer CreateStarted()
            {
                var timer = new System.Timers.Timer(1000);
                timer.Start();
                return timer;
            }
        }
        """).InRole(role).RunAsync();

    /// <summary>
    /// A library's lifecycle methods release too (measured as wrong reports on released packages): an internal
    /// <c>Close</c> its own owner calls when disposed (Npgsql's connector, through a private cleanup), a public
    /// <c>Stop</c> of a started component (MassTransit's JobService). A private one nothing calls is no release path.
    /// </summary>
    [Fact]
    public Task Internal_Close_and_public_Stop_release_but_an_uncalled_private_Stop_does_not() => AnalyzerSpec<UndisposedTimerAnalyzer>.For("""
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Connector
        {
            private readonly Timer _keepAlive;

            public Connector() => _keepAlive = new Timer(_ => Ping(), null, 1000, 1000);

            internal void Close() => FullCleanup();

            private void FullCleanup() => _keepAlive.Dispose();

            void Ping() { }
        }

        sealed class JobService
        {
            private Timer? _heartbeat;

            public void Started() => _heartbeat = new Timer(_ => Beat(), null, 1000, 1000);

            public async Task Stop(object endpoint)
            {
                _heartbeat?.Dispose();
                await Task.Yield();
            }

            void Beat() { }
        }

        sealed class Forgotten
        {
            private Timer? _timer;

            public void Start() => _timer = {|KPL3001:new Timer(_ => Tick(), null, 1000, 1000)|};

            private void Stop() => _timer?.Dispose();

            void Tick() { }
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// A one-shot timer (infinite period) leaves the queue when it fires (measured: UndisposedTimerRuntimeTests), so it is
    /// not reported — also in the decompiler's spelling of the infinite period, and when other code pushes its due time
    /// back (MassTransit's batch limit, restarted by each message). One its own callback re-arms (a periodic timer), one
    /// given a period by <c>Change</c>, and one created idle and started periodic later, still are; one created idle and armed once is not.
    /// </summary>
    [Fact]
    public Task One_shot_timers_are_not_reported_unless_Change_starts_them_again() => AnalyzerSpec<UndisposedTimerAnalyzer>.For("""
        using System;
        using System.Threading;

        sealed class Batch
        {
            private static Timer? _limit;
            private static Timer? _decompiled;
            private static Timer? _rearmed;
            private static Timer? _idle;
            private static Timer? _sliding;
            private static Timer? _selfArming;
            private static Timer? _givenAPeriod;
            private static Timer? _armedOnce;

            public static void Start(TimeSpan limit)
            {
                _limit = new Timer(_ => { }, null, 1000, Timeout.Infinite);
                _decompiled = new Timer(_ => { }, null, limit, TimeSpan.FromMilliseconds(-1.0));
                _sliding = new Timer(_ => { }, null, limit, Timeout.InfiniteTimeSpan);
                _rearmed = {|KPL3001:new Timer(_ => Tick(), null, 1000, Timeout.Infinite)|};
                _selfArming = {|KPL3001:new Timer(OnTick, null, 1000, Timeout.Infinite)|};
                _givenAPeriod = {|KPL3001:new Timer(_ => { }, null, 1000, Timeout.Infinite)|};
                _idle = {|KPL3001:new Timer(_ => { }, null, Timeout.Infinite, Timeout.Infinite)|};
                _armedOnce = new Timer(_ => { }, null, Timeout.Infinite, Timeout.Infinite);
            }

            public static void Arm() => _idle?.Change(1000, 1000);

            public static void ArmOnce() => _armedOnce?.Change(1000, Timeout.Infinite);

            public static void OnMessage(TimeSpan limit)
            {
                _sliding?.Change(limit, Timeout.InfiniteTimeSpan);
                _givenAPeriod?.Change(1000, 1000);
            }

            private static void Tick() => _rearmed?.Change(1000, Timeout.Infinite);

            private static void OnTick(object? state) => _selfArming?.Change(1000, Timeout.Infinite);
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// A periodic timer that only its object's Dispose stops, on the object a static default holds and that only a
    /// DomainUnload/ProcessExit registration disposes (FirebirdClient's connection pool manager: a labelled miss of
    /// held-out set 16). Neither event fires when a module unloads, so the timer ticks on. Not reported: the same shape
    /// on a default the library's own shutdown disposes, on one the module's Unloading handler disposes, on an object no
    /// static default holds, and a timer the creator's own type also stops from the Unloading event.
    /// </summary>
    [Fact]
    public Task A_timer_stopped_only_by_Dispose_is_reported_on_a_static_default_nothing_disposes() => AnalyzerSpec<UndisposedTimerAnalyzer>.For("""
        using System;
        using System.Collections.Concurrent;
        using System.Runtime.Loader;
        using System.Threading;

        static class ShutdownHelper
        {
            private static readonly ConcurrentBag<Action> Cleanups = new();
            static ShutdownHelper() => AppDomain.CurrentDomain.DomainUnload += (_, _) => { while (Cleanups.TryTake(out var cleanup)) cleanup(); };
            internal static void Register(Action cleanup) => Cleanups.Add(cleanup);
        }

        sealed class PoolManager : IDisposable
        {
            internal static PoolManager Instance { get; private set; }
            private readonly Timer _cleanupTimer;
            static PoolManager()
            {
                Instance = new PoolManager();
                ShutdownHelper.Register(Instance.Dispose);
            }
            private PoolManager() => _cleanupTimer = {|#0:new Timer(Cleanup, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2))|};
            private void Cleanup(object? state) { }
            public void Dispose() => _cleanupTimer.Dispose();
        }

        sealed class ClosedManager : IDisposable
        {
            public static readonly ClosedManager Default = new ClosedManager();
            private readonly Timer _timer;
            private ClosedManager() => _timer = new Timer(_ => Tick(), null, 1000, 1000);
            private void Tick() { }
            public void Dispose() => _timer.Dispose();
            public static void Shutdown() => Default.Dispose();
        }

        sealed class UnloadedManager : IDisposable
        {
            public static UnloadedManager Default { get; } = new UnloadedManager();
            private readonly Timer _timer;
            private UnloadedManager() => _timer = new Timer(_ => Tick(), null, 1000, 1000);
            private void Tick() { }
            public void Dispose() => _timer.Dispose();
        }

        static class ModuleStart
        {
            public static void Run() => AssemblyLoadContext.GetLoadContext(typeof(ModuleStart).Assembly)!.Unloading += _ => UnloadedManager.Default.Dispose();
        }

        sealed class OwnManager : IDisposable
        {
            private readonly Timer _timer;
            public OwnManager() => _timer = new Timer(_ => Tick(), null, 1000, 1000);
            private void Tick() { }
            public void Dispose() => _timer.Dispose();
        }

        sealed class SelfUnloadingManager : IDisposable
        {
            public static readonly SelfUnloadingManager Default = new SelfUnloadingManager();
            private readonly Timer _timer;
            private SelfUnloadingManager()
            {
                _timer = new Timer(_ => Tick(), null, 1000, 1000);
                AssemblyLoadContext.GetLoadContext(typeof(SelfUnloadingManager).Assembly)!.Unloading += _ => Stop();
            }
            private void Tick() { }
            private void Stop() => _timer.Dispose();
            public void Dispose() => _timer.Dispose();
        }
        """).Expect(
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(UnreleasedResourceRules.StaticDefaultTimerRule).WithLocation(0)
                .WithArguments("Timer", "stored in field '_cleanupTimer'", "PoolManager.Instance"))
        .InRole("Module").RunAsync();
}
