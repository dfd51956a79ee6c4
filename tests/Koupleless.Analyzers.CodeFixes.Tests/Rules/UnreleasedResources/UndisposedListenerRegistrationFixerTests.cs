using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UndisposedListenerRegistrationFixerTests
{
    private const string Observer = """

        sealed class Observer : IObserver<DiagnosticListener>
        {
            public void OnNext(DiagnosticListener value) { }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }
        """;

    [Fact]
    public Task A_subscription_in_a_static_field_initializer_is_disposed_in_a_new_static_constructor() => Spec("""
        using System;
        using System.Diagnostics;

        static class Telemetry
        {
            private static readonly IDisposable Subscription = {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
        }
        """ + Observer, """
        using System;
        using System.Diagnostics;
        using System.Runtime.Loader;

        static class Telemetry
        {
            private static readonly IDisposable Subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());

            static Telemetry()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Telemetry).Assembly)!.Unloading += _ => Subscription.Dispose();
            }
        }
        """ + Observer).RunAsync();

    [Fact]
    public Task A_dropped_subscription_as_a_void_expression_body_becomes_a_block() => Spec("""
        using System;
        using System.Diagnostics;

        class Telemetry
        {
            public void Start() => {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};

            public void StartAgain() => _ = {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
        }
        """ + Observer, """
        using System;
        using System.Diagnostics;
        using System.Runtime.Loader;

        class Telemetry
        {
            public void Start()
            {
                var subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Telemetry).Assembly)!.Unloading += _ => subscription.Dispose();
            }

            public void StartAgain()
            {
                var subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Telemetry).Assembly)!.Unloading += _ => subscription.Dispose();
            }
        }
        """ + Observer).RunAsync();

    [Fact]
    public Task A_dropped_subscription_is_stored_and_disposed_on_unload() => Spec("""
        using System;
        using System.Diagnostics;

        class Telemetry
        {
            public void Start()
            {
                // every listener in the process
                {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|}; // trailing note
                Console.WriteLine("started");
            }
        }
        """ + Observer, """
        using System;
        using System.Diagnostics;
        using System.Runtime.Loader;

        class Telemetry
        {
            public void Start()
            {
                // every listener in the process
                var subscription = DiagnosticListener.AllListeners.Subscribe(new Observer()); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(Telemetry).Assembly)!.Unloading += _ => subscription.Dispose();
                Console.WriteLine("started");
            }
        }
        """ + Observer).RunAsync();

    private const string Owner = """

        public sealed class CounterAdapter : IDisposable
        {
            private sealed class Listener : EventListener { }

            private readonly Listener _listener = new Listener();

            public static IDisposable StartListening() => new CounterAdapter();

            public void Dispose() => _listener.Dispose();
        }
        """;

    /// <summary>
    /// An object that holds a listener until it is disposed, dropped where a factory returns it: kept and disposed on unload
    /// (a compilation-end diagnostic: the owner is known once every type is seen).
    /// </summary>
    [Fact]
    public Task A_dropped_owner_of_a_registration_is_stored_and_disposed_on_unload() => Spec("""
        using System;
        using System.Diagnostics.Tracing;

        class Registry
        {
            public void OnFirstCollect()
            {
                {|KPL3005:CounterAdapter.StartListening()|};
                Console.WriteLine("collecting");
            }
        }
        """ + Owner, """
        using System;
        using System.Diagnostics.Tracing;
        using System.Runtime.Loader;

        class Registry
        {
            public void OnFirstCollect()
            {
                var registration = CounterAdapter.StartListening();
                AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Unloading += _ => registration.Dispose();
                Console.WriteLine("collecting");
            }
        }
        """ + Owner).ForCompilationEndDiagnostics().RunAsync();

    [Fact]
    public Task A_stored_registration_and_a_registered_listener_are_disposed_where_they_are() => Spec("""
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Tracing;

        sealed class ModuleEvents : EventListener { }

        class Tracing
        {
            private ActivityListener _listener;
            private IDisposable _subscription;

            public Tracing()
            {
                _listener = new ActivityListener { ShouldListenTo = _ => true };
                {|KPL3005:ActivitySource.AddActivityListener(_listener)|};
                _subscription = {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                var events = {|KPL3005:new ModuleEvents()|};
            }
        }
        """ + Observer, """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Tracing;
        using System.Runtime.Loader;

        sealed class ModuleEvents : EventListener { }

        class Tracing
        {
            private ActivityListener _listener;
            private IDisposable _subscription;

            public Tracing()
            {
                _listener = new ActivityListener { ShouldListenTo = _ => true };
                ActivitySource.AddActivityListener(_listener);
                AssemblyLoadContext.GetLoadContext(typeof(Tracing).Assembly)!.Unloading += _ => _listener.Dispose();
                _subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Tracing).Assembly)!.Unloading += _ => _subscription.Dispose();
                var events = new ModuleEvents();
                AssemblyLoadContext.GetLoadContext(typeof(Tracing).Assembly)!.Unloading += _ => events.Dispose();
            }
        }
        """ + Observer).RunAsync();

    [Fact]
    public Task Fix_All_picks_distinct_names_across_two_documents() => Spec("""
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Tracing;

        sealed class ModuleEvents : EventListener { }

        static class Hooks
        {
            public static void Install(int subscription)
            {
                {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                _ = {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                {|KPL3005:new ModuleEvents()|};
            }
        }
        """ + Observer, """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Tracing;
        using System.Runtime.Loader;

        sealed class ModuleEvents : EventListener { }

        static class Hooks
        {
            public static void Install(int subscription)
            {
                var subscription2 = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => subscription2.Dispose();
                var subscription3 = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => subscription3.Dispose();
                var listener = new ModuleEvents();
                AssemblyLoadContext.GetLoadContext(typeof(Hooks).Assembly)!.Unloading += _ => listener.Dispose();
            }
        }
        """ + Observer)
        .WithDocument("/0/Second.cs", """
            using System.Diagnostics;

            class Second
            {
                void Run()
                {
                    {|KPL3005:ActivitySource.AddActivityListener(new ActivityListener())|};
                    var listener = new ActivityListener();
                    {|KPL3005:ActivitySource.AddActivityListener(listener)|};
                }
            }
            """, """
            using System.Diagnostics;
            using System.Runtime.Loader;

            class Second
            {
                void Run()
                {
                    {|KPL3005:ActivitySource.AddActivityListener(new ActivityListener())|};
                    var listener = new ActivityListener();
                    ActivitySource.AddActivityListener(listener);
                    AssemblyLoadContext.GetLoadContext(typeof(Second).Assembly)!.Unloading += _ => listener.Dispose();
                }
            }
            """)
        .RemainingAfterFix()
        .RunAsync();

    [Fact]
    public Task Top_level_statements_get_no_fix()
    {
        var spec = Spec("""
        using System;
        using System.Diagnostics;

        {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
        """ + Observer, """
        using System;
        using System.Diagnostics;

        {|KPL3005:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
        """ + Observer).RemainingAfterFix();
        spec.Test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return spec.RunAsync();
    }

    private const string HostLifetime = """

        namespace Microsoft.Extensions.Hosting
        {
            // The shape of Microsoft.Extensions.Hosting.Abstractions' interface (the analyzer resolves it by documentation ID).
            public interface IHostApplicationLifetime
            {
                System.Threading.CancellationToken ApplicationStarted { get; }
                System.Threading.CancellationToken ApplicationStopping { get; }
                System.Threading.CancellationToken ApplicationStopped { get; }
                void StopApplication();
            }
        }
        """;

    [Fact]
    public Task A_dropped_registration_on_the_host_token_is_stored_and_disposed() => Spec("""
        using Microsoft.Extensions.Hosting;

        sealed class Flusher
        {
            public Flusher(IHostApplicationLifetime lifetime)
            {
                /* flush before the host stops */ {|KPL3005:lifetime.ApplicationStopping.Register(Flush)|};
            }

            void Flush() { }
        }
        """ + HostLifetime, """
        using System.Runtime.Loader;
        using Microsoft.Extensions.Hosting;

        sealed class Flusher
        {
            public Flusher(IHostApplicationLifetime lifetime)
            {
                /* flush before the host stops */ var registration = lifetime.ApplicationStopping.Register(Flush);
                AssemblyLoadContext.GetLoadContext(typeof(Flusher).Assembly)!.Unloading += _ => registration.Dispose();
            }

            void Flush() { }
        }
        """ + HostLifetime).RunAsync();

    [Fact]
    public Task Registrations_on_a_source_linked_to_the_host_token_are_disposed_on_unload() => Spec("""
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        sealed class Flusher
        {
            private CancellationTokenSource? _linked;
            private CancellationTokenRegistration _registration;

            public Flusher(IHostApplicationLifetime lifetime)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
                {|KPL3005:_linked.Token.Register(Flush)|};
                _registration = {|KPL3005:_linked.Token.Register(Flush)|};
            }

            void Flush() { }
        }
        """ + HostLifetime, """
        using System.Runtime.Loader;
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        sealed class Flusher
        {
            private CancellationTokenSource? _linked;
            private CancellationTokenRegistration _registration;

            public Flusher(IHostApplicationLifetime lifetime)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
                var registration = _linked.Token.Register(Flush);
                AssemblyLoadContext.GetLoadContext(typeof(Flusher).Assembly)!.Unloading += _ => registration.Dispose();
                _registration = _linked.Token.Register(Flush);
                AssemblyLoadContext.GetLoadContext(typeof(Flusher).Assembly)!.Unloading += _ => _registration.Dispose();
            }

            void Flush() { }
        }
        """ + HostLifetime).RunAsync();

    private static CodeFixSpec<UndisposedListenerRegistrationAnalyzer, UndisposedListenerRegistrationFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<UndisposedListenerRegistrationAnalyzer, UndisposedListenerRegistrationFixer>.For(source, fixedSource);
}
