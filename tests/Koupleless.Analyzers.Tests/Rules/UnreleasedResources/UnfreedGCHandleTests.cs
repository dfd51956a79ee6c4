using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>KPL3004: strong GC handles to module objects that nothing frees (Module), or to caller-supplied objects (Shared).</summary>
public sealed class UnfreedGCHandleTests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Kpl3004(int location, string kind, string target, string why)
        => AnalyzerSpec<UnfreedGCHandleAnalyzer>.Diagnostic("KPL3004").WithLocation(location).WithArguments(kind, target, why);

    private const string Leaking = """
        using System;
        using System.Runtime.InteropServices;

        class Widget { }

        class NativeBridge
        {
            private static GCHandle _self;
            private GCHandle _callback;
            private GCHandle _pinned;
            private GCHandle _other;
            private static readonly GCHandle Initialized = {|#0:GCHandle.Alloc(new Widget())|};

            void Start(Action callback, Widget[] buffer)
            {
                _self = {|#1:GCHandle.Alloc(this)|};
                _callback = {|#2:GCHandle.Alloc(callback, GCHandleType.Normal)|};
                _pinned = {|#3:GCHandle.Alloc(buffer, GCHandleType.Pinned)|};
                {|#4:GCHandle.Alloc(() => Console.WriteLine("native callback"))|};
                var local = {|#5:GCHandle.Alloc(new Widget())|};
                Console.WriteLine(local.Target);
                var happyPath = {|#6:GCHandle.Alloc(this)|};
                Use(happyPath.Target);
                happyPath.Free();
                _other = GCHandle.Alloc(this);
            }

            // Frees the previous handle, never the new one.
            void Renew()
            {
                if (_callback.IsAllocated) _callback.Free();
                _callback = {|#7:GCHandle.Alloc(this)|};
            }

            void Use(object? target) { }

            // Frees a different handle: _callback stays reported.
            public void Dispose() => _other.Free();

            // The handle roots this very object, so this finalizer never runs: _self is not released by it.
            ~NativeBridge() => _self.Free();
        }
        """;

    [Fact]
    public Task Strong_handles_to_module_objects_that_nothing_frees_are_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For(Leaking)
        .Expect(
            Kpl3004(0, "Normal", "a 'Widget'", "stored in static field 'Initialized' is never freed on an unload or dispose path"),
            Kpl3004(1, "Normal", "'this'", "stored in static field '_self' is never freed on an unload or dispose path"),
            Kpl3004(2, "Normal", "a 'Action' delegate", "stored in field '_callback' is never freed on an unload or dispose path"),
            Kpl3004(3, "Pinned", "a 'Widget[]'", "stored in field '_pinned' is never freed on an unload or dispose path"),
            Kpl3004(4, "Normal", "a 'Action' delegate", "is never stored, so nothing can free it"),
            Kpl3004(5, "Normal", "a 'Widget'", "in local 'local' is never freed"),
            Kpl3004(6, "Normal", "'this'", "in local 'happyPath' is freed only outside a finally block, so an exception or early exit skips Free"),
            Kpl3004(7, "Normal", "'this'", "stored in field '_callback' is never freed on an unload or dispose path"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Registration
        {
            private static GCHandle _handle;
            public void Register() => _handle = {|KPL3004:GCHandle.Alloc(this)|};
        }
        """).RunAsync();

    [Fact]
    public Task Handles_freed_on_a_release_path_weak_handles_and_BCL_targets_are_not_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;
        using System.Threading.Tasks;

        class Widget { }

        sealed class Owner : IDisposable, IAsyncDisposable
        {
            private GCHandle _disposed;
            private GCHandle _asyncDisposed;
            private GCHandle _viaHelper;
            private static GCHandle _onUnload;
            private static GCHandle _onUnloadMethod;
            private GCHandle _sameMethod;
            public GCHandle Exposed;
            private GCHandle _handedOn;
            private GCHandle _finalized;

            public Owner(Action callback)
            {
                _disposed = GCHandle.Alloc(this);
                _asyncDisposed = GCHandle.Alloc(callback);
                _viaHelper = GCHandle.Alloc(new Widget(), GCHandleType.Normal);
                _onUnload = GCHandle.Alloc(this);
                AssemblyLoadContext.GetLoadContext(typeof(Owner).Assembly)!.Unloading += _ => { if (_onUnload.IsAllocated) _onUnload.Free(); };
                _onUnloadMethod = GCHandle.Alloc(this);
                AssemblyLoadContext.GetLoadContext(typeof(Owner).Assembly)!.Unloading += OnUnloading;
                _sameMethod = GCHandle.Alloc(this);
                try { Console.WriteLine(_sameMethod.Target); } finally { _sameMethod.Free(); }
                Exposed = GCHandle.Alloc(this);
                _handedOn = GCHandle.Alloc(this);
                Keep(_handedOn);
                _finalized = GCHandle.Alloc(callback);
            }

            // The handle roots the callback, not this object: the finalizer runs once the Owner is unreachable.
            ~Owner() => _finalized.Free();

            public void Dispose() { _disposed.Free(); Release(); }
            public ValueTask DisposeAsync() { _asyncDisposed.Free(); return default; }
            private void Release() => _viaHelper.Free();
            private static void OnUnloading(AssemblyLoadContext context) => _onUnloadMethod.Free();
            private static void Keep(GCHandle handle) { }

            // Weak handles are no roots; a handle to a BCL object or a BCL method group holds no module code (measured).
            static void NotRoots(Widget widget, byte[] buffer, string text, GCHandleType unknown)
            {
                var weak = GCHandle.Alloc(widget, GCHandleType.Weak);
                var resurrection = GCHandle.Alloc(widget, GCHandleType.WeakTrackResurrection);
                var pinnedBytes = GCHandle.Alloc(buffer, GCHandleType.Pinned);
                var bcl = GCHandle.Alloc(text);
                var writeLine = GCHandle.Alloc(new Action<string>(Console.WriteLine));
                var notKnown = GCHandle.Alloc(widget, unknown);
                Console.WriteLine(weak.Target ?? resurrection.Target ?? bcl.Target ?? writeLine.Target ?? notKnown.Target);
                Console.WriteLine(pinnedBytes.AddrOfPinnedObject());
            }

            // A local freed in finally, handed to native code as a cookie, or returned: freed on every path or by its new owner.
            static IntPtr Scoped(Widget widget)
            {
                var handle = GCHandle.Alloc(widget);
                try
                {
                    Console.WriteLine(handle.Target);
                }
                finally
                {
                    handle.Free();
                }

                var cookie = GCHandle.Alloc(widget);
                return GCHandle.ToIntPtr(cookie);
            }

            static GCHandle Returned(Widget widget) => GCHandle.Alloc(widget);

            static IntPtr AsCookie(Widget widget) => GCHandle.ToIntPtr(GCHandle.Alloc(widget));

            // Freed in the module's Unloading handler through a captured local.
            static void CapturedLocal(Widget widget)
            {
                var handle = GCHandle.Alloc(widget);
                AssemblyLoadContext.GetLoadContext(typeof(Owner).Assembly)!.Unloading += _ => handle.Free();
            }
        }
        """).InRole("Module").RunAsync();

    // The cookie pattern of native callbacks: GCHandle.ToIntPtr(h) goes to native code, which hands it back to a callback.
    // Native code cannot free a handle, so a cookie that only reaches native code (or a private field, or a comparison)
    // is not a hand-off; here nothing in the compilation frees a handle from a cookie: every handle leaks.
    [Fact]
    public Task Cookies_that_only_native_code_gets_and_nothing_frees_through_FromIntPtr_are_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class Widget { }

        static class Native
        {
            [DllImport("native")] public static extern void Register(IntPtr state);
        }

        class Watcher
        {
            private GCHandle _self;
            private IntPtr _cookie;
            private IntPtr _direct;

            public void Start()
            {
                _self = {|#0:GCHandle.Alloc(this)|};
                _cookie = GCHandle.ToIntPtr(_self);
                Native.Register(_cookie);
                var local = {|#1:GCHandle.Alloc(new Widget())|};
                Native.Register((IntPtr)local);
                Native.Register(GCHandle.ToIntPtr({|#2:GCHandle.Alloc(this)|}));
                _direct = (IntPtr){|#3:GCHandle.Alloc(new Widget())|};
                if (_direct == IntPtr.Zero) Console.WriteLine(_cookie == _direct);
            }

            // The callback reads the target back but never frees the handle.
            static void OnEvent(IntPtr state) => Console.WriteLine(GCHandle.FromIntPtr(state).Target);
        }
        """)
        .Expect(
            Kpl3004(0, "Normal", "'this'", "stored in field '_self' is never freed on an unload or dispose path, nor is its GCHandle.ToIntPtr cookie freed through GCHandle.FromIntPtr"),
            Kpl3004(1, "Normal", "a 'Widget'", "in local 'local' is never freed, nor is its GCHandle.ToIntPtr cookie freed through GCHandle.FromIntPtr"),
            Kpl3004(2, "Normal", "'this'", "is kept only as a GCHandle.ToIntPtr cookie that no GCHandle.FromIntPtr(...).Free() releases"),
            Kpl3004(3, "Normal", "a 'Widget'", "is kept only as a GCHandle.ToIntPtr cookie that no GCHandle.FromIntPtr(...).Free() releases"))
        .InRole("Module").RunAsync();

    // The same handles, with a callback (in another type) that frees what it gets back: any such free counts for every cookie.
    [Fact]
    public Task Cookies_are_released_by_a_FromIntPtr_free_anywhere_in_the_compilation() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class Widget { }

        static class Native
        {
            [DllImport("native")] public static extern void Register(IntPtr state);
        }

        class Watcher
        {
            private GCHandle _self;
            private IntPtr _cookie;

            public void Start()
            {
                _self = GCHandle.Alloc(this);
                _cookie = GCHandle.ToIntPtr(_self);
                Native.Register(_cookie);
                var local = GCHandle.Alloc(new Widget());
                Native.Register((IntPtr)local);
                Native.Register(GCHandle.ToIntPtr(GCHandle.Alloc(this)));
            }
        }

        static class Callbacks
        {
            static void OnClose(IntPtr state)
            {
                var handle = GCHandle.FromIntPtr(state);
                if (handle.IsAllocated) handle.Free();
            }
        }
        """).InRole("Module").RunAsync();

    [Theory]
    [InlineData("((GCHandle)state).Free();")]
    [InlineData("GCHandle.FromIntPtr(state).Free();")]
    [InlineData("GCHandle handle; handle = (GCHandle)state; handle.Free();")]
    public Task Each_way_back_from_a_cookie_to_Free_counts(string free) => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For($$"""
        using System;
        using System.Runtime.InteropServices;

        static class Native
        {
            [DllImport("native")] public static extern void Register(IntPtr state);
        }

        class Watcher
        {
            public void Start() => Native.Register(GCHandle.ToIntPtr(GCHandle.Alloc(this)));
            static void OnClose(IntPtr state) { {{free}} }
        }
        """).InRole("Module").RunAsync();

    // A cookie that reaches managed code (returned, a managed method, a property, a non-private field, directly or
    // through a local or private field) goes to an owner that may free it out of sight.
    [Fact]
    public Task Cookies_handed_to_managed_code_are_not_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Runtime.InteropServices;

        class Widget { }

        class Registry
        {
            private readonly List<IntPtr> _cookies = new();
            private IntPtr _kept;
            public IntPtr Exposed;
            public IntPtr Property { get; set; }

            public IntPtr Kept => _kept;

            public IntPtr Add(Widget widget)
            {
                var handle = GCHandle.Alloc(widget);
                _cookies.Add(GCHandle.ToIntPtr(handle));
                Exposed = (IntPtr)GCHandle.Alloc(widget);
                Property = GCHandle.ToIntPtr(GCHandle.Alloc(this));
                _kept = GCHandle.ToIntPtr(GCHandle.Alloc(this));
                var cookie = GCHandle.ToIntPtr(GCHandle.Alloc(widget));
                return cookie;
            }
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// Stand-ins for the typed GC handles of .NET 10 (System.Runtime.dll of net10.0), same namespace, names and members the
    /// rule uses: these tests compile against .NET 8 reference assemblies (the testing library in use ships no .NET 10 set),
    /// and the analyzer resolves the types by metadata name, so it sees these. UnfreedGCHandleRuntimeTests runs the rule on
    /// the real types of the .NET 10 runtime.
    /// </summary>
    private const string TypedHandleStubs = """
        namespace System.Runtime.InteropServices
        {
            public struct GCHandle<T> : IDisposable where T : class?
            {
                public GCHandle(T target) { }
                public T Target => default!;
                public bool IsAllocated => false;
                public void Dispose() { }
                public static IntPtr ToIntPtr(GCHandle<T> value) => default;
                public static GCHandle<T> FromIntPtr(IntPtr value) => default;
            }

            public struct PinnedGCHandle<T> : IDisposable where T : class?
            {
                public PinnedGCHandle(T target) { }
                public T Target => default!;
                public void Dispose() { }
            }

            public struct WeakGCHandle<T> : IDisposable where T : class?
            {
                public WeakGCHandle(T target, bool trackResurrection = false) { }
                public void Dispose() { }
            }
        }
        """;

    [Fact]
    public Task Typed_strong_handles_of_NET_10_that_nothing_disposes_are_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class Widget { }
        struct Sample { public int Value; }

        class Bridge
        {
            private GCHandle<Bridge> _self;
            private static PinnedGCHandle<Sample[]> _pinned;
            private GCHandle<Widget> _other;

            void Start(Action callback)
            {
                _self = {|#0:new GCHandle<Bridge>(this)|};
                _pinned = {|#1:new PinnedGCHandle<Sample[]>(new Sample[4])|};
                var local = {|#2:new GCHandle<Action>(callback)|};
                Console.WriteLine(local.Target);
                {|#3:new GCHandle<Widget>(new Widget())|};
                var happyPath = {|#4:new GCHandle<object>(new Widget())|};
                Console.WriteLine(happyPath.Target);
                happyPath.Dispose();
                _other = new GCHandle<Widget>(new Widget());
            }

            // Disposes a different handle: _self stays reported.
            public void Dispose() => _other.Dispose();
        }
        """)
        .WithSource("/TypedHandles.cs", TypedHandleStubs)
        .Expect(
            Kpl3004(0, "Normal", "'this'", "stored in field '_self' is never freed on an unload or dispose path"),
            Kpl3004(1, "Pinned", "a 'Sample[]'", "stored in static field '_pinned' is never freed on an unload or dispose path"),
            Kpl3004(2, "Normal", "a 'Action' delegate", "in local 'local' is never freed"),
            Kpl3004(3, "Normal", "a 'Widget'", "is never stored, so nothing can free it"),
            Kpl3004(4, "Normal", "a 'Widget'", "in local 'happyPath' is freed only outside a finally block, so an exception or early exit skips Free"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Typed_handles_disposed_scoped_weak_or_to_BCL_objects_are_not_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;

        class Widget { }

        sealed class Owner : IDisposable
        {
            private GCHandle<Owner> _disposed;
            private static GCHandle<Widget> _onUnload;
            private WeakGCHandle<Owner> _weak;

            public Owner()
            {
                _disposed = new GCHandle<Owner>(this);
                _onUnload = new GCHandle<Widget>(new Widget());
                AssemblyLoadContext.GetLoadContext(typeof(Owner).Assembly)!.Unloading += _ => _onUnload.Dispose();
                _weak = new WeakGCHandle<Owner>(this);
            }

            public void Dispose() => _disposed.Dispose();

            static IntPtr Scoped(Widget widget, string text)
            {
                using var scoped = new GCHandle<Widget>(widget);
                var inFinally = new GCHandle<Widget>(widget);
                try { Console.WriteLine(scoped.Target ?? inFinally.Target); } finally { inFinally.Dispose(); }
                var bcl = new GCHandle<string>(text);
                Console.WriteLine(bcl.Target);
                var cookie = new GCHandle<Widget>(widget);
                return GCHandle<Widget>.ToIntPtr(cookie);
            }

            static GCHandle<Widget> Returned(Widget widget) => new GCHandle<Widget>(widget);
        }
        """).WithSource("/TypedHandles.cs", TypedHandleStubs).InRole("Module").RunAsync();

    // Before .NET 10 the types do not exist: the code does not compile, and the rule stays silent rather than guess.
    [Fact]
    public Task Typed_handles_on_an_older_framework_are_not_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Bridge
        {
            private GCHandle<Bridge> _self;
            void Start() => _self = new GCHandle<Bridge>(this);
        }
        """).IgnoringCompilerDiagnostics().InRole("Module").RunAsync();

    [Fact]
    public Task Half_typed_typed_handles_do_not_throw() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Broken
        {
            private GCHandle<Broken> _a;
            void M(Missing missing)
            {
                _a = new GCHandle<Broken>(;
                var b = new GCHandle<Missing>(missing);
                var c = new PinnedGCHandle<>(this);
                new WeakGCHandle<Broken>(this, );
                var p = GCHandle<Broken>.ToIntPtr(;
                GCHandle<Broken>.FromIntPtr(p).
                _a.Dispose(;
            }
        }
        """).WithSource("/TypedHandles.cs", TypedHandleStubs).IgnoringCompilerDiagnostics().InRole("Module").RunAsync();

    [Fact]
    public Task Shared_code_is_reported_for_handles_to_objects_the_caller_hands_in() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        public interface ICallback { void Invoke(); }

        public static class NativeCallbacks
        {
            private static GCHandle _last;
            private static GCHandle _ownObject;
            private static GCHandle _freed;

            public static void Register(ICallback callback, object state, Action action, string name)
            {
                _last = {|#0:GCHandle.Alloc(callback)|};
                var pinnedState = {|#1:GCHandle.Alloc(state, GCHandleType.Pinned)|};
                {|#2:GCHandle.Alloc(action)|};
                _ownObject = GCHandle.Alloc(new object());
                var text = GCHandle.Alloc(name);
                _freed = GCHandle.Alloc(action);
                Console.WriteLine(pinnedState.Target ?? text.Target);
            }

            // Shared code frees what the module asks it to: any Free in the type counts (the module calls Unregister on unload).
            public static void Unregister() => _freed.Free();
        }
        """)
        .Expect(
            Kpl3004(0, "Normal", "the caller's 'callback'", "stored in static field '_last' is never freed on an unload or dispose path"),
            Kpl3004(1, "Pinned", "the caller's 'state'", "in local 'pinnedState' is never freed"),
            Kpl3004(2, "Normal", "the caller's 'action'", "is never stored, so nothing can free it"))
        .InRole("Shared").RunAsync();

    [Fact]
    public Task Shared_code_is_not_reported_for_its_own_objects_or_a_handle_freed_in_Dispose() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        public sealed class Pinner : IDisposable
        {
            private GCHandle _handle;
            private GCHandle _self;

            public Pinner(object target, byte[] buffer)
            {
                _handle = GCHandle.Alloc(target);
                _self = GCHandle.Alloc(this);
                var bytes = GCHandle.Alloc(buffer, GCHandleType.Pinned);
                Console.WriteLine(bytes.AddrOfPinnedObject());
            }

            public void Dispose() => _handle.Free();
        }
        """).InRole("Shared").RunAsync();

    /// <summary>
    /// A handle freed by a callback the method hands on — subscribed to the event of the object it returns, passed to a
    /// registration — is released by whoever calls the callback (NetVips's <c>Image.NewFromMemory</c>, held-out set 14);
    /// a lambda the method keeps in a local and never hands on frees nothing.
    /// </summary>
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task Handles_freed_by_a_callback_handed_on_are_not_reported(string role) => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System;
        using System.Runtime.InteropServices;

        public sealed class Image
        {
            public event Action? Closed;
            public Action? OnDispose { get; set; }

            public static Image Wrap(object data, Action<Action> register)
            {
                var pinned = GCHandle.Alloc(data, GCHandleType.Pinned);
                var registered = GCHandle.Alloc(data, GCHandleType.Pinned);
                var stored = GCHandle.Alloc(data, GCHandleType.Pinned);
                var kept = {|KPL3004:GCHandle.Alloc(data, GCHandleType.Pinned)|};
                var image = new Image();
                image.Closed += () => { if (pinned.IsAllocated) pinned.Free(); };
                register(() => registered.Free());
                image.OnDispose = () => stored.Free();
                Action never = () => kept.Free();
                return image;
            }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Base_code_is_not_reported() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Widget { }

        class Host
        {
            private static GCHandle _handle;
            public static void Keep(object module) { _handle = GCHandle.Alloc(module); GCHandle.Alloc(new Widget()); }
        }
        """).InRole("Base").RunAsync();

    [Fact]
    public Task Half_typed_code_does_not_throw() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Broken
        {
            private GCHandle _a;
            private GCHandle _b;
            void M(Missing missing)
            {
                _a = GCHandle.Alloc(missing);
                _b = GCHandle.Alloc(this, GCHandleType.);
                var c = GCHandle.Alloc();
                var d = GCHandle.Alloc(Unknown());
                GCHandle.Alloc(this, 42, true);
                c.Free(;
                var p = GCHandle.ToIntPtr(_a;
                Native(GCHandle.ToIntPtr(GCHandle.Alloc(this)), (IntPtr)GCHandle.Alloc(
                GCHandle.FromIntPtr(p).
                ((GCHandle)).Free();
                _a.
            }
        }
        """).IgnoringCompilerDiagnostics().InRole("Module").RunAsync();

    [Fact]
    public Task A_handle_to_an_object_the_caller_hands_in_is_reported_in_module_code() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        public sealed class Pinner
        {
            private GCHandle _handle;

            public void Pin(object target) => _handle = {|KPL3004:GCHandle.Alloc(target)|};

            public void PinBytes(byte[] buffer) => _handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);

            public static GCHandle Keep(object target) => GCHandle.Alloc(target);
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// A handle kind chosen by a condition is strong on the branch that makes it so (KeraLua's <c>SetExtraObject(obj,
    /// weak)</c>, held-out set 25); a condition between two weak kinds is not, nor is a kind the call cannot see.
    /// </summary>
    [Fact]
    public Task A_kind_chosen_by_a_condition_is_strong_when_a_branch_is() => AnalyzerSpec<UnfreedGCHandleAnalyzer>.For("""
        using System.Runtime.InteropServices;

        class Widget { }

        class Bridge
        {
            private GCHandle _extra;
            private GCHandle _tracked;
            private GCHandle _chosen;

            void Set(Widget widget, bool weak, GCHandleType kind)
            {
                _extra = {|#0:GCHandle.Alloc(widget, weak ? GCHandleType.Weak : GCHandleType.Normal)|};
                _tracked = GCHandle.Alloc(widget, weak ? GCHandleType.Weak : GCHandleType.WeakTrackResurrection);
                _chosen = GCHandle.Alloc(widget, kind);
            }
        }
        """)
        .Expect(Kpl3004(0, "Normal", "a 'Widget'", "stored in field '_extra' is never freed on an unload or dispose path"))
        .InRole("Module").RunAsync();
}
