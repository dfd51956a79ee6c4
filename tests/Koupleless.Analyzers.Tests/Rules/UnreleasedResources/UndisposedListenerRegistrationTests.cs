using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>KPL3005: registrations in process-global listeners that nothing disposes, Module role only.</summary>
public sealed class UndisposedListenerRegistrationTests
{
    private const string AllListenersReason = "is the process-wide observable of every DiagnosticListener, and it keeps each subscriber until the subscription is disposed";
    private const string ActivitySourceReason = "adds the listener to a static list of ActivitySource, which keeps it and its callbacks until the listener is disposed";
    private const string EventListenerReason = "registers itself in the runtime's static list of listeners when constructed and stays there until disposed";
    private const string MeterListenerReason = "is added by Start to the runtime's static list of started listeners and keeps its callbacks there until it is disposed";
    private const string ChangeTokenReason = "re-registers the callback on every new change token of the producer (typically the base's configuration) until the returned registration is disposed";
    private const string TokenReason = "keeps the callback in the token's source until the registration is disposed or the token is canceled, "
        + "and the token is the host's lifetime token: its source lives as long as the host, which is the base's when the base injects it";

    private const string Listeners = """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Diagnostics.Tracing;

        sealed class Observer : IObserver<DiagnosticListener>
        {
            public void OnNext(DiagnosticListener value) { }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }

        sealed class ModuleEvents : EventListener { }

        // The shape of System.Reactive's ObservableExtensions.Subscribe(IObservable<T>, Action<T>).
        static class ObservableExtensions
        {
            public static IDisposable Subscribe<T>(this IObservable<T> source, Action<T> onNext) => throw new NotSupportedException();
        }

        class Telemetry
        {
            private IDisposable? _subscription;
            private ActivityListener? _listener;
            private static ModuleEvents? _events;
            private MeterListener? _meters;

            public void Start()
            {
                {|#0:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                _subscription = {|#1:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                _listener = new ActivityListener { ShouldListenTo = _ => true };
                {|#2:ActivitySource.AddActivityListener(_listener)|};
                {|#3:ActivitySource.AddActivityListener(new ActivityListener())|};
                _events = {|#4:new ModuleEvents()|};
                var local = {|#5:new ModuleEvents()|};
                _ = {|#6:DiagnosticListener.AllListeners.Subscribe(new Observer())|};
                {|#7:DiagnosticListener.AllListeners.Subscribe(listener => Console.WriteLine(listener.Name))|};
                _meters = {|#8:new MeterListener()|};
                _meters.Start();
            }

            // Disposes something else: the registrations above stay.
            public void Dispose() => Console.WriteLine("bye");
        }
        """;

    [Fact]
    public Task Dropped_and_never_disposed_registrations_are_reported_in_a_module() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Listeners)
        .Expect(
            Expected(0, "DiagnosticListener.AllListeners.Subscribe", AllListenersReason, "stored nowhere"),
            Expected(1, "DiagnosticListener.AllListeners.Subscribe", AllListenersReason, "stored in field '_subscription'"),
            Expected(2, "ActivitySource.AddActivityListener", ActivitySourceReason, "stored in field '_listener'"),
            Expected(3, "ActivitySource.AddActivityListener", ActivitySourceReason, "stored nowhere"),
            Expected(4, "ModuleEvents", EventListenerReason, "stored in static field '_events'"),
            Expected(5, "ModuleEvents", EventListenerReason, "held in local 'local'"),
            Expected(6, "DiagnosticListener.AllListeners.Subscribe", AllListenersReason, "stored nowhere"),
            Expected(7, "DiagnosticListener.AllListeners.Subscribe", AllListenersReason, "stored nowhere"),
            Expected(8, "MeterListener", MeterListenerReason, "stored in field '_meters'"))
        .InRole("Module").RunAsync();

    /// <summary>
    /// An object that keeps a registration in a field and disposes it in its own <c>Dispose</c> is released only when it
    /// is: dropping it where it is made, or dropping what a factory of the compilation returns, keeps the registration
    /// (prometheus-net's default registry drops <c>EventCounterAdapter.StartListening(options)</c> and
    /// <c>MeterAdapter.StartListening(options)</c>: labelled misses of the source benchmark and of held-out package set 19).
    /// An owner that is kept (and disposed by its holder), and a factory of objects that hold no registration, are not reported.
    /// </summary>
    [Fact]
    public Task An_owner_of_a_registration_dropped_where_it_is_made_or_returned_is_reported() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Diagnostics.Metrics;
        using System.Diagnostics.Tracing;

        public sealed class CounterAdapter : IDisposable
        {
            private sealed class Listener : EventListener { }

            private readonly Listener _listener;

            private CounterAdapter() => _listener = new Listener();

            public static IDisposable StartListening() => StartListening(enabled: true);

            public static IDisposable StartListening(bool enabled) => enabled ? new CounterAdapter() : new Nothing();

            public void Dispose() => _listener.Dispose();
        }

        public sealed class MeterAdapter : IDisposable
        {
            private readonly MeterListener _listener = new MeterListener();

            public MeterAdapter()
            {
                // How the decompiler writes `_listener.MeasurementsCompleted += OnCompleted`: a copy of the field first.
                MeterListener listener = _listener;
                listener.MeasurementsCompleted = (Action<Instrument, object?>)Delegate.Combine(listener.MeasurementsCompleted, new Action<Instrument, object?>(OnCompleted));
                _listener.Start();
            }

            private void OnCompleted(Instrument instrument, object? state) { }

            public void Dispose() => _listener.Dispose();
        }

        public sealed class Nothing : IDisposable
        {
            public void Dispose() { }
        }

        public sealed class Registry : IDisposable
        {
            private IDisposable? _kept;

            public void OnFirstCollect()
            {
                {|#0:CounterAdapter.StartListening(enabled: true)|};
                _ = {|#1:CounterAdapter.StartListening()|};
                {|#2:new MeterAdapter()|};
                _kept = CounterAdapter.StartListening();
                using var scoped = new MeterAdapter();
                new Nothing();
                Func<IDisposable> later = () => new Nothing();
            }

            public void Dispose() => _kept?.Dispose();
        }
        """)
        .Expect(
            DroppedOwner(0, "CounterAdapter.StartListening", "CounterAdapter", "Listener", EventListenerReason),
            DroppedOwner(1, "CounterAdapter.StartListening", "CounterAdapter", "Listener", EventListenerReason),
            DroppedOwner(2, "new MeterAdapter", "MeterAdapter", "MeterListener", MeterListenerReason))
        .InRole("Module").RunAsync();

    private static DiagnosticResult DroppedOwner(int location, string api, string owner, string registration, string reason)
        => new DiagnosticResult(UndisposedListenerRegistrationAnalyzer.DroppedOwnerRule).WithLocation(location).WithArguments(
            api, $"gives a '{owner}' whose '{registration}' {reason}, which the '{owner}' does only when it is released", "dropped here");

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Diagnostics;

        static class Hooks
        {
            public static void Install(IObserver<DiagnosticListener> observer) => {|KPL3005:DiagnosticListener.AllListeners.Subscribe(observer)|};
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_lives_in_the_default_context(string role)
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For(Markup.Strip(Listeners)).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Released_or_handed_over_registrations_are_not_reported(string role) => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Diagnostics.Tracing;
        using System.Runtime.Loader;

        sealed class Observer : IObserver<DiagnosticListener>
        {
            public void OnNext(DiagnosticListener value) { }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }

        sealed class Events : IObserver<KeyValuePair<string, object?>>
        {
            public void OnNext(KeyValuePair<string, object?> value) { }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }

        sealed class ModuleEvents : EventListener { }

        sealed class Released : IDisposable
        {
            private IDisposable? _subscription;
            private readonly ActivityListener _listener = new ActivityListener();
            private ModuleEvents? _events;
            private readonly List<IDisposable> _all = new();
            private readonly MeterListener _meters = new MeterListener();
            public IDisposable? Public;

            public void Start(ActivityListener given)
            {
                _subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());
                ActivitySource.AddActivityListener(_listener);
                _events = new ModuleEvents();
                using (DiagnosticListener.AllListeners.Subscribe(new Observer())) { }
                using var scoped = new ModuleEvents();
                using var activityListener = new ActivityListener();
                ActivitySource.AddActivityListener(activityListener);
                ActivitySource.AddActivityListener(given);
                _all.Add(DiagnosticListener.AllListeners.Subscribe(new Observer()));
                Public = DiagnosticListener.AllListeners.Subscribe(new Observer());
                var onUnload = DiagnosticListener.AllListeners.Subscribe(new Observer());
                AssemblyLoadContext.GetLoadContext(typeof(Released).Assembly)!.Unloading += _ => onUnload.Dispose();
                var handed = new ModuleEvents();
                Keep(handed);
                var disposedHere = DiagnosticListener.AllListeners.Subscribe(new Observer());
                disposedHere.Dispose();
                var scopedLater = new ModuleEvents();
                using (scopedLater) { }
                _meters.Start();
                using var scopedMeters = new MeterListener();
                scopedMeters.Start();
                // A DiagnosticListener of the module's own is no process-global registry.
                new DiagnosticListener("Module").Subscribe(new Events());
            }

            public IDisposable Subscribe() => DiagnosticListener.AllListeners.Subscribe(new Observer());

            public void Dispose()
            {
                _subscription?.Dispose();
                _listener.Dispose();
                _meters.Dispose();
                Close();
            }

            private void Close() => _events?.Dispose();

            private static void Keep(IDisposable disposable) { }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Register_on_a_token_of_the_base_is_reported_through_fields_and_locals() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        class Worker
        {
            private readonly IHostApplicationLifetime _lifetime;
            private readonly CancellationToken _stopping;
            private CancellationTokenRegistration _registration;

            public Worker(IHostApplicationLifetime lifetime)
            {
                _lifetime = lifetime;
                _stopping = lifetime.ApplicationStopping;
            }

            public void Start()
            {
                {|#0:_lifetime.ApplicationStopping.Register(() => Flush())|};
                {|#1:_stopping.Register(Flush)|};
                _registration = {|#2:_lifetime.ApplicationStopped.Register(_ => Flush(), null)|};
                var stopped = _lifetime.ApplicationStopped;
                {|#3:stopped.UnsafeRegister(_ => Flush(), null)|};
                // Canceled once the host has started: a registration there is run or dropped, never kept.
                _lifetime.ApplicationStarted.Register(Flush);
            }

            void Flush() { }
        }
        """)
        .WithReferences(TestReferences.HostingAbstractions8)
        .Expect(
            Expected(0, "IHostApplicationLifetime.ApplicationStopping.Register", TokenReason, "stored nowhere"),
            Expected(1, "IHostApplicationLifetime.ApplicationStopping.Register", TokenReason, "stored nowhere"),
            Expected(2, "IHostApplicationLifetime.ApplicationStopped.Register", TokenReason, "stored in field '_registration'"),
            Expected(3, "IHostApplicationLifetime.ApplicationStopped.UnsafeRegister", TokenReason, "stored nowhere"))
        .InRole("Module").RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Register_on_module_tokens_or_disposed_registrations_is_not_reported(string role) => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;

        sealed class Owned : IDisposable
        {
            private readonly CancellationTokenSource _cts = new();
            private readonly IHostApplicationLifetime _lifetime;
            private CancellationTokenRegistration _registration;

            public Owned(IHostApplicationLifetime lifetime) => _lifetime = lifetime;

            public async Task RunAsync(CancellationToken parameter)
            {
                // The module's own source, a caller's token, the never-canceled token: nothing of the base pins them.
                _cts.Token.Register(Flush);
                parameter.Register(Flush);
                CancellationToken.None.Register(Flush);
                _registration = _lifetime.ApplicationStopping.Register(Flush);
                using var scoped = _lifetime.ApplicationStopping.Register(Flush);
                await using var asyncScoped = _lifetime.ApplicationStopped.Register(Flush);
                var unregistered = _lifetime.ApplicationStarted.Register(Flush);
                unregistered.Unregister();
            }

            public void Dispose()
            {
                _registration.Dispose();
                _cts.Dispose();
            }

            void Flush() { }
        }
        """).WithReferences(TestReferences.HostingAbstractions8).InRole(role).RunAsync();

    private static string LinkedReason(string baseToken)
        => "keeps the callback in the token's source until the registration is disposed or the token is canceled, and the token comes from a "
            + $"source linked to IHostApplicationLifetime.{baseToken}, which {ListenerCatalog.HostTokenReason}; that token keeps the linked "
            + "source, and every callback on it, until the linked source is disposed";

    // A source linked to a base token stays in that token's registrations until disposed; a module callback on its token
    // keeps the module (measured, LinkedTokenSourceRuntimeTests).
    [Fact]
    public Task Register_on_a_source_linked_to_a_base_token_is_reported() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        class Worker
        {
            private readonly IHostApplicationLifetime _lifetime;
            private CancellationTokenSource? _linked;
            private CancellationTokenRegistration _registration;

            public Worker(IHostApplicationLifetime lifetime) => _lifetime = lifetime;

            public void Start(CancellationToken request)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopping, request);
                {|#0:_linked.Token.Register(Flush)|};
                var local = CancellationTokenSource.CreateLinkedTokenSource(request, _lifetime.ApplicationStopped);
                _registration = {|#1:local.Token.Register(() => Flush())|};
                {|#2:CancellationTokenSource.CreateLinkedTokenSource(new[] { _lifetime.ApplicationStopped }).Token.Register(Flush)|};
                CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStarted).Token.Register(Flush);
                var stopping = _lifetime.ApplicationStopping;
                var viaCopy = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var linkedToken = viaCopy.Token;
                {|#3:linkedToken.UnsafeRegister(_ => Flush(), null)|};
            }

            void Flush() { }
        }
        """)
        .WithReferences(TestReferences.HostingAbstractions8)
        .Expect(
            Expected(0, "CancellationTokenSource.Token.Register", LinkedReason("ApplicationStopping"), "stored nowhere"),
            Expected(1, "CancellationTokenSource.Token.Register", LinkedReason("ApplicationStopped"), "stored in field '_registration'"),
            Expected(2, "CancellationTokenSource.Token.Register", LinkedReason("ApplicationStopped"), "stored nowhere"),
            Expected(3, "CancellationTokenSource.Token.UnsafeRegister", LinkedReason("ApplicationStopping"), "stored nowhere"))
        .InRole("Module").RunAsync();

    // The linked source alone holds no module code: undisposed, it does not keep the module (measured), so it is not
    // reported; neither is a callback on a linked source that is disposed, scoped, handed on, or linked to no base token.
    [Fact]
    public Task Linked_sources_without_callbacks_or_disposed_are_not_reported() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Threading;
        using Microsoft.Extensions.Hosting;

        sealed class Worker : IDisposable
        {
            private readonly IHostApplicationLifetime _lifetime;
            private CancellationTokenSource? _unused;
            private CancellationTokenSource? _owned;

            public Worker(IHostApplicationLifetime lifetime) => _lifetime = lifetime;

            public void Start(CancellationToken request)
            {
                _unused = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopping);
                CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopped);
                _owned = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopping);
                _owned.Token.Register(Flush);
                using var scoped = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopping);
                scoped.Token.Register(Flush);
                var handed = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStopping);
                handed.Token.Register(Flush);
                Keep(handed);
                var requestOnly = CancellationTokenSource.CreateLinkedTokenSource(request);
                requestOnly.Token.Register(Flush);
                var registration = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.ApplicationStarted).Token.Register(Flush);
                registration.Dispose();
            }

            public void Dispose() => _owned?.Dispose();

            static void Keep(IDisposable source) { }

            void Flush() { }
        }
        """).WithReferences(TestReferences.HostingAbstractions8).InRole("Module").RunAsync();

    [Fact]
    public Task ChangeToken_OnChange_is_reported_where_Primitives_is_referenced() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using Microsoft.Extensions.Primitives;

        class Reloader : IDisposable
        {
            private readonly Func<IChangeToken> _producer;
            private IDisposable? _kept;
            private IDisposable? _released;

            public Reloader(Func<IChangeToken> producer) => _producer = producer;

            public void Start()
            {
                {|#0:ChangeToken.OnChange(_producer, () => Reload())|};
                _kept = {|#1:ChangeToken.OnChange(_producer, state => state.Reload(), this)|};
                _released = ChangeToken.OnChange(_producer, Reload);
            }

            public void Dispose() => _released?.Dispose();

            void Reload() { }
        }
        """)
        .WithReferences(TestReferences.ExtensionsPrimitives8)
        .Expect(
            Expected(0, "ChangeToken.OnChange", ChangeTokenReason, "stored nowhere"),
            Expected(1, "ChangeToken.OnChange", ChangeTokenReason, "stored in field '_kept'"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Half_typed_code_does_not_throw() => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.For("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Broken
        {
            private Missing _field;
            void M(CancellationToken token)
            {
                DiagnosticListener.AllListeners.Subscribe(;
                ActivitySource.AddActivityListener();
                ActivitySource.AddActivityListener(new Missing());
                new Missing();
                _field.Register(() => { });
                token.Register(Missing);
                CancellationTokenSource.CreateLinkedTokenSource(;
                CancellationTokenSource.CreateLinkedTokenSource(Missing.Token).Token.Register(() => { });
                var linked = CancellationTokenSource.CreateLinkedTokenSource(new[] { });
                linked.Token.Register(;
                Missing.Token.Register(() => { });
                Unknown.AllListeners.Subscribe(this);
                var x = DiagnosticListener.AllListeners.Subscribe(new Missing());
            }
        }
        """).IgnoringCompilerDiagnostics().RunAsync();

    private static DiagnosticResult Expected(int location, string api, string reason, string storage)
        => AnalyzerSpec<UndisposedListenerRegistrationAnalyzer>.Diagnostic("KPL3005").WithLocation(location).WithArguments(api, reason, storage);
}
