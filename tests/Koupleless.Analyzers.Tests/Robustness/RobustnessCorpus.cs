using System.Collections.Generic;

namespace Koupleless.Analyzers.Tests.Robustness;

/// <summary>
/// Small complete sources that, across the three roles, make every rule family report (the sanity test checks it):
/// the starting points the mutations break. Each file mixes hazards with their released or harmless variants so that
/// the release-path and flow analysis runs too, not only the reporting. The code fix robustness test (which links this
/// file) also checks that every code fix is offered here: a hazard in the shape its fix takes (a named handler, an
/// instance field, a local an await outlives).
/// </summary>
public static class RobustnessCorpus
{
    public const string StaticState = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Globalization;
        using System.Threading;
        using Newtonsoft.Json;

        public static class Registry
        {
            private static int _count;
            private static readonly Dictionary<string, Type> Types = new Dictionary<string, Type>();
            private static readonly int[] Slots = new int[4];
            private static readonly object Gate = new object();
            private static readonly AsyncLocal<string> Flow = new AsyncLocal<string>();
            [ThreadStatic] private static int _perThread;
            public static string Name { get; set; } = "";
            public static List<string> Names { get; } = new List<string>();
            public static Settings Current { set => Holder.Value = value; }
            private static readonly Box Holder = new Box();

            static Registry()
            {
                Types["string"] = typeof(string);
            }

            public static void Register(string key, Type type)
            {
                lock (Gate) { _perThread++; }
                Types[key] = type;
                Names.Add(key);
                Slots[0] = ++_count;
                (_count, Name) = (1, key);
                Flow.Value = key;
                Environment.SetEnvironmentVariable("MODE", key);
                CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
                Trace.Listeners.Add(new ConsoleTraceListener());
                new TraceSource("own").Listeners.Add(new ConsoleTraceListener());
                AppDomain.CurrentDomain.SetData("key", type);
                JsonConvert.DefaultSettings = () => new JsonSerializerSettings { Formatting = Formatting.Indented };
                if (type is null)
                {
                    Environment.Exit(1);
                }
            }
        }

        public sealed class Box { public Settings? Value { get; set; } }
        public sealed class Settings { }
        """;

    public const string ContextSwitching = """
        using System;
        using System.IO;
        using System.Linq;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;
        using Newtonsoft.Json;

        class PluginHost
        {
            private readonly JsonSerializerSettings _settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };

            object Create(string typeName, string assemblyName, string path, byte[] image)
            {
                var type = Type.GetType(typeName);
                var odd = Type.GetType("Odd`1[[ ],[X, ]]]*&, ,") ?? Type.GetType("[[[") ?? Type.GetType(", System");
                var assembly = Assembly.Load(assemblyName);
                var loaded = AppDomain.CurrentDomain.Load(assemblyName);
                var fromPath = Assembly.LoadFrom(path);
                var raw = Assembly.Load(image);
                var own = AssemblyLoadContext.GetLoadContext(typeof(PluginHost).Assembly)!.LoadFromAssemblyPath(path);
                var entry = Assembly.GetEntryAssembly();
                var config = Path.Combine(AppContext.BaseDirectory, "module.json");
                var count = AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => a.GetTypes()).Count();
                var proxies = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Proxies"), System.Reflection.Emit.AssemblyBuilderAccess.Run);
                return Activator.CreateInstance(assemblyName, typeName)!;
            }

            void Dispatch(Assembly module, Action<object?> work, string json, CancellationToken token)
            {
                using (AssemblyLoadContext.EnterContextualReflection(module))
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => work(Type.GetType(json)), null);
                    token.UnsafeRegister(work, null);
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(() => work(JsonConvert.DeserializeObject(json, _settings)));
                    }

                    ThreadPool.QueueUserWorkItem(_ => work(null));
                }

                AssemblyLoadContext.Default.Resolving += (context, name) => Assembly.Load(name.Name!);
                var settings = new JsonSerializerSettings();
                settings.TypeNameHandling = TypeNameHandling.All;
                settings.SerializationBinder = null;
            }
        }

        [JsonObject(ItemTypeNameHandling = TypeNameHandling.Auto)]
        class Envelope
        {
            [JsonProperty(TypeNameHandling = TypeNameHandling.Objects)]
            public object? Body { get; set; }
        }
        """;

    public const string UnreleasedResources = """
        using System;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.Diagnostics.Tracing;
        using System.IO;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Primitives;
        using Newtonsoft.Json;

        public sealed class Widget { public string Name { get; set; } = ""; }

        sealed class ModuleEvents : EventListener { }

        sealed class PluginContext : AssemblyLoadContext
        {
            public PluginContext(string name) : base(name) { }
            public PluginContext(string name, bool collectible) : base(name, collectible) { }
        }

        sealed class Observer : IObserver<DiagnosticListener>
        {
            public void OnNext(DiagnosticListener value) { }
            public void OnError(Exception error) { }
            public void OnCompleted() { }
        }

        class Plugin : IDisposable
        {
            private static Timer? _timer;
            private System.Timers.Timer? _elapsed;
            private Thread? _thread;
            private GCHandle _self;
            private RegisteredWaitHandle? _wait;
            private IDisposable? _subscription;
            private FileSystemWatcher? _watcher;
            private Timer? _poll;
            private static readonly AutoResetEvent Signal = new AutoResetEvent(false);

            public void Start(Widget widget, IHostApplicationLifetime lifetime, Func<IChangeToken> changes)
            {
                _timer = new Timer(_ => Tick(), null, 0, 1000);
                _elapsed = new System.Timers.Timer(1000);
                _elapsed.Elapsed += (_, _) => Tick();
                _elapsed.Start();
                _thread = new Thread(Pump) { IsBackground = true };
                _thread.Start();
                Task.Factory.StartNew(() => { for (;;) { Tick(); } }, TaskCreationOptions.LongRunning);
                AppDomain.CurrentDomain.ProcessExit += OnExit;
                AssemblyLoadContext.Default.Resolving += (_, _) => null;
                _self = GCHandle.Alloc(this);
                var weak = GCHandle.Alloc(widget, GCHandleType.Weak);
                weak.Free();
                _subscription = DiagnosticListener.AllListeners.Subscribe(new Observer());
                ActivitySource.AddActivityListener(new ActivityListener());
                var events = new ModuleEvents();
                ChangeToken.OnChange(changes, Tick);
                lifetime.ApplicationStopping.Register(Tick);
                _wait = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => Tick(), null, -1, false);
                ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => Tick(), null, 1000, false);
                _ = TypeDescriptor.GetProperties(typeof(Widget));
                _ = System.Text.Json.JsonSerializer.Serialize(widget);
                _ = JsonConvert.SerializeObject(widget);
                _watcher = new FileSystemWatcher(".");
                _watcher.Changed += (_, _) => Tick();
                _watcher.EnableRaisingEvents = true;
                AssemblyLoadContext.GetLoadContext(typeof(Plugin).Assembly)!.Unloading += OnUnloading;
                TaskScheduler.UnobservedTaskException += OnUnobserved;
                _poll = new Timer(_ => Tick(), null, 0, 500);
                var children = new[] { new AssemblyLoadContext("plugins"), new PluginContext("own", false), new AssemblyLoadContext("kept", isCollectible: true) };
            }

            public async Task PollAsync(CancellationToken token)
            {
                var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (await ticks.WaitForNextTickAsync(token))
                {
                    Tick();
                }
            }

            private void OnUnloading(AssemblyLoadContext context)
            {
                _elapsed?.Dispose();
                _wait?.Unregister(null);
                _subscription?.Dispose();
                AppDomain.CurrentDomain.ProcessExit -= OnExit;
            }

            public void Dispose() => _watcher?.Dispose();

            void Pump() { while (true) { Thread.Sleep(10); } }
            void Tick() { }
            void OnExit(object? sender, EventArgs e) { }
            void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { }
        }
        """;

    /// <summary>
    /// Newer and rarer syntax where a symbol or operation shape differs from the common case: top-level statements,
    /// ref locals and fixed pointers to statics, deconstruction into statics, static lambdas, dynamic, partial
    /// methods, custom event accessors, records with indexers and operators, primary constructors, static interface
    /// members, collection expressions.
    /// </summary>
    public const string ModernSyntax = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Reflection;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;
        using static System.Environment;

        SetEnvironmentVariable("A", "b");
        Registry.Items[0] = 1;
        ref var slot = ref Registry.Count;
        slot++;
        (Registry.Count, Registry.Name) = (2, "x");
        Registry.Name ??= "y";
        var t = new Timer(static _ => { }, null, 0, 1);
        dynamic d = Type.GetType(args[0])!;
        d.Run();
        Task.Run(() => AppDomain.CurrentDomain.GetAssemblies()).Wait();
        unsafe
        {
            fixed (int* p = &Registry.Count) { *p = 3; }
            int* s = stackalloc int[4];
        }
        Local();
        static void Local() => Registry.Items.Add(4);

        public static partial class Registry
        {
            public static int Count;
            public static string? Name { get; set; }
            public static List<int> Items { get; } = [1, 2, 3];
            public static event EventHandler? Changed { add { Handlers.Add(value!); } remove { Handlers.Remove(value!); } }
            private static readonly List<EventHandler> Handlers = new();
        }

        public static partial class Registry
        {
            static partial void OnChanged();
            static partial void OnChanged() => Interlocked.Increment(ref Count);
        }

        public record Widget(string Name)
        {
            public static Widget Default { get; set; } = new("x");
            public int this[int i] => Registry.Items[i];
            public static Widget operator +(Widget a, int b) => a with { Name = a.Name + b };
        }

        public sealed class Holder(Assembly module) : IDisposable
        {
            private GCHandle _h = GCHandle.Alloc(module);
            private readonly Thread _t = new(() => { for (;;) { } });
            public void Dispose() { _h.Free(); AssemblyLoadContext.Default.Resolving -= OnResolve; }
            Assembly? OnResolve(AssemblyLoadContext c, AssemblyName n) => module;
            public void Start()
            {
                AssemblyLoadContext.Default.Resolving += OnResolve;
                using var scope = AssemblyLoadContext.EnterContextualReflection(module);
                ThreadPool.UnsafeQueueUserWorkItem(static s => Type.GetType((string)s!), "T");
                _t.UnsafeStart();
                var w = Default with { Name = "y" };
                object o = w switch { { Name: "y" } => Activator.CreateInstance("A", "B")!, _ => Assembly.LoadFile("/x") };
            }
            private static Widget Default => Widget.Default;
        }

        interface IPlugin { static abstract IPlugin Create(); static int Shared { get; set; } void Run() => Environment.Exit(1); }
        """;

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [nameof(StaticState)] = StaticState,
        [nameof(ContextSwitching)] = ContextSwitching,
        [nameof(UnreleasedResources)] = UnreleasedResources,
        [nameof(ModernSyntax)] = ModernSyntax,
    };
}
