using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3006: registrations the runtime holds with their module callback (measured in docs/rules/KPL3006.md: a
/// RegisterWaitForSingleObject registration in a static field, an instance field or dropped pins the module;
/// Unregister in Unloading, or a one-shot wait, unloads). Module role only.
/// </summary>
public sealed class UnreleasedRuntimeCallbackTests
{
    private const string Reason = "is held with its callback by the thread pool's wait thread until Unregister is called, which keeps the module's AssemblyLoadContext alive";

    private const string Pinning = """
        using System;
        using System.Threading;

        class Watcher
        {
            private static RegisteredWaitHandle _static;
            private RegisteredWaitHandle _instance;
            private RegisteredWaitHandle _other;
            private static readonly AutoResetEvent Signal = new AutoResetEvent(false);
            private static readonly RegisteredWaitHandle Initialized = {|#5:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false)|};

            void Start(bool once)
            {
                _static = {|#0:ThreadPool.RegisterWaitForSingleObject(Signal, OnSignal, null, Timeout.Infinite, false)|};
                _instance = {|#1:ThreadPool.UnsafeRegisterWaitForSingleObject(Signal, (_, _) => Tick(), null, TimeSpan.FromSeconds(1), false)|};
                {|#2:ThreadPool.RegisterWaitForSingleObject(Signal, OnSignal, null, 1000L, false)|};
                _ = {|#3:ThreadPool.RegisterWaitForSingleObject(Signal, OnSignal, null, 1000, executeOnlyOnce: once)|};
                var local = {|#4:ThreadPool.RegisterWaitForSingleObject(Signal, OnSignal, null, 1000u, false)|};
                local.ToString();
                _other = ThreadPool.RegisterWaitForSingleObject(Signal, OnSignal, null, -1, false);
            }

            void Tick() { }
            static void OnSignal(object? state, bool timedOut) { }

            // Releases a different registration: _instance stays reported.
            public void Dispose() => _other.Unregister(null);
        }
        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string storage)
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.Diagnostic("KPL3006").WithLocation(location).WithArguments("RegisteredWaitHandle", storage, Reason);

    [Fact]
    public Task Unreleased_and_dropped_registrations_are_reported_in_a_module() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For(Pinning)
        .Expect(
            Expected(0, "stored in static field '_static' is never released on an unload or dispose path"),
            Expected(1, "stored in field '_instance' is never released on an unload or dispose path"),
            Expected(2, "returned by RegisterWaitForSingleObject is dropped, so nothing can release it"),
            Expected(3, "returned by RegisterWaitForSingleObject is dropped, so nothing can release it"),
            Expected(4, "in local 'local' is never released on an unload or dispose path"),
            Expected(5, "stored in static field 'Initialized' is never released on an unload or dispose path"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System.Threading;

        static class Heartbeat
        {
            public static void Start(WaitHandle handle) => {|KPL3006:ThreadPool.RegisterWaitForSingleObject(handle, (_, _) => { }, null, -1, false)|};
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For(Markup.Strip(Pinning)).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Released_handed_over_and_one_shot_registrations_are_not_reported(string role) => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Runtime.Loader;
        using System.Threading;

        sealed class Released : IDisposable
        {
            private static RegisteredWaitHandle _onUnload;
            private static RegisteredWaitHandle _byMethod;
            private RegisteredWaitHandle _disposed;
            private RegisteredWaitHandle _conditional;
            public RegisteredWaitHandle Exposed;
            public RegisteredWaitHandle Property { get; set; }
            private readonly List<RegisteredWaitHandle> _all = new List<RegisteredWaitHandle>();

            public void Start(WaitHandle signal)
            {
                _onUnload = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Released).Assembly)!.Unloading += _ => _onUnload.Unregister(null);
                _byMethod = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Released).Assembly)!.Unloading += OnUnloading;
                _disposed = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                _conditional = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                var local = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Released).Assembly)!.Unloading += _ => local.Unregister(null);
                var inline = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 10, false);
                inline.Unregister(null);
                Exposed = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                Property = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                _all.Add(ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false));
                var handedOver = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                _all.Add(handedOver);
                ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 5000, true);
                ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, executeOnlyOnce: true);
            }

            public RegisteredWaitHandle Create(WaitHandle signal) => ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);

            private static void OnUnloading(AssemblyLoadContext context) => _byMethod.Unregister(null);

            public void Dispose()
            {
                _disposed.Unregister(null);
                Release();
            }

            private void Release() => _conditional?.Unregister(null);
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task An_enterprise_line_makes_any_creation_a_resource() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System;

        namespace Hub
        {
            public sealed class Subscription : IDisposable
            {
                public Subscription(Action callback) { }
                public void Dispose() { }
            }
        }

        class Client : IDisposable
        {
            private Hub.Subscription _kept;
            private Hub.Subscription _released;

            void Start()
            {
                _kept = {|#0:new Hub.Subscription(() => { })|};
                _released = new Hub.Subscription(() => { });
                {|#1:new Hub.Subscription(() => { })|};
                using (new Hub.Subscription(() => { })) { }
                using var scoped = new Hub.Subscription(() => { });
            }

            public void Dispose() => _released.Dispose();
        }
        """)
        .WithAdditionalFile("/KouplelessHazards.Enterprise.txt", "KPL3006 | T:Hub.Subscription | is held with its callback by the hub until disposed\n")
        .Expect(
            AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.Diagnostic("KPL3006").WithLocation(0)
                .WithArguments("Subscription", "stored in field '_kept' is never released on an unload or dispose path", "is held with its callback by the hub until disposed"),
            AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.Diagnostic("KPL3006").WithLocation(1)
                .WithArguments("Subscription", "is dropped, so nothing can release it", "is held with its callback by the hub until disposed"))
        .RunAsync();

    [Fact]
    public Task Half_typed_code_never_throws() => AnalyzerSpec<UnreleasedRuntimeCallbackAnalyzer>.For("""
        using System.Threading;

        class Broken
        {
            private RegisteredWaitHandle _h;
            private Missing _m;

            void Start(WaitHandle signal)
            {
                _h = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1,);
                _m = new Missing(
                ThreadPool.RegisterWaitForSingleObject();
                var x = ThreadPool.RegisterWaitForSingleObject(signal, Undefined, null, -1, false)
                _h.
            }
        }
        """).IgnoringCompilerDiagnostics().RunAsync();
}
