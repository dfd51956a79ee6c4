using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Sample.Shared;

namespace Sample.Module;

/// <summary>Family 3: unreleased resources — each of these keeps the module's context from unloading.</summary>
public sealed class BackgroundServices : IObserver<DiagnosticListener>
{
    // A timer in a static field whose callback captures module code.
    private static Timer? _heartbeat;
    private GCHandle _self;
    private bool _running = true;

    public void Start(CancellationToken baseShutdown)
    {
        _heartbeat = new Timer(_ => Beat(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)); // not due while a test runs: a queued firing is a second, passing path to the timer

        // Subscriptions to events of process-wide and shared objects, never removed.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += (_, e) => Console.Error.WriteLine(e.ExceptionObject);
        TaskScheduler.UnobservedTaskException += (_, e) => e.SetObserved();
        PlatformEvents.ConfigurationChanged += OnConfigurationChanged;

        // A registration on a token passed in: not reported, the caller owns the token and its registrations
        // (KPL3005 reports Register only on the host's own lifetime tokens, e.g. IHostApplicationLifetime.ApplicationStopping).
        baseShutdown.Register(() => _running = false);

        // A thread and a long-running task that never end.
        new Thread(PollLoop) { IsBackground = true, Name = "orders-poller" }.Start();
        Task.Factory.StartNew(PollLoop, TaskCreationOptions.LongRunning);

        // A strong handle, a listener subscription never disposed, and framework caches that keep module types.
        _self = GCHandle.Alloc(this);
        DiagnosticListener.AllListeners.Subscribe(this);
        _ = TypeDescriptor.GetProperties(typeof(Order));
        _ = System.Text.Json.JsonSerializer.Serialize(new Order { Id = 1, Customer = "ACME", Total = 9.5m });
    }

    private void PollLoop()
    {
        while (true)
        {
            Thread.Sleep(1000);
        }
    }

    private static void Beat() => Console.WriteLine("orders alive");

    private void OnProcessExit(object? sender, EventArgs e) => _running = false;

    private void OnConfigurationChanged(object? sender, string key) => Console.WriteLine("reload " + key + " " + _running);

    public void OnNext(DiagnosticListener value) { }

    public void OnError(Exception error) { }

    public void OnCompleted() { }
}
