using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Sample.Shared;

namespace Sample.Module;

/// <summary>Sample.Module's BackgroundServices with every resource released when the module's context unloads.</summary>
public sealed class BackgroundServices : IObserver<DiagnosticListener>
{
    private static Timer? _heartbeat;
    private readonly CancellationTokenSource _stopping = new();
    private GCHandle _self;
    private bool _running = true;

    public void Start(CancellationToken baseShutdown)
    {
        _heartbeat = new Timer(_ => Beat(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)); // not due while a test runs: a queued firing is a second, passing path to the timer

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        TaskScheduler.UnobservedTaskException += OnUnobservedTaskException;
        PlatformEvents.ConfigurationChanged += OnConfigurationChanged;
        var shutdownRegistration = baseShutdown.Register(() => _running = false);

        var poller = new Thread(PollLoop) { IsBackground = true, Name = "orders-poller" };
        poller.Start();
        var longRunning = Task.Factory.StartNew(PollLoop, TaskCreationOptions.LongRunning);

        _self = GCHandle.Alloc(this);
        var listenerSubscription = DiagnosticListener.AllListeners.Subscribe(this);
        // No TypeDescriptor.GetProperties(typeof(Order)): measured, neither TypeDescriptor.Refresh nor the runtime's cache
        // handler releases the type (docs/verify.md); KPL3010 has no code fix for it.
        _ = System.Text.Json.JsonSerializer.Serialize(new Order { Id = 1, Customer = "ACME", Total = 9.5m });

        AssemblyLoadContext.GetLoadContext(typeof(BackgroundServices).Assembly)!.Unloading += _ =>
        {
            _heartbeat?.Dispose();
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            TaskScheduler.UnobservedTaskException -= OnUnobservedTaskException;
            PlatformEvents.ConfigurationChanged -= OnConfigurationChanged;
            shutdownRegistration.Dispose();
            _stopping.Cancel();
            poller.Join();
            longRunning.Wait();
            _self.Free();
            listenerSubscription.Dispose();
            FrameworkCaches.Clear();
        };
    }

    private void PollLoop()
    {
        while (!_stopping.Token.WaitHandle.WaitOne(1000))
        {
        }
    }

    private static void Beat() => Console.WriteLine("orders alive");

    private void OnProcessExit(object? sender, EventArgs e) => _running = false;

    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e) => Console.Error.WriteLine(e.ExceptionObject);

    private static void OnUnobservedTaskException(object? sender, UnobservedTaskExceptionEventArgs e) => e.SetObserved();

    private void OnConfigurationChanged(object? sender, string key) => Console.WriteLine("reload " + key + " " + _running);

    public void OnNext(DiagnosticListener value) { }

    public void OnError(Exception error) { }

    public void OnCompleted() { }
}
