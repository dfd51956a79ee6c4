using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UnfreedGCHandleFixerTests
{
    [Fact]
    public Task Frees_a_field_handle_on_unload_after_the_assignment() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class NativeBridge
        {
            private static GCHandle _self;

            public void Register()
            {
                // native code keeps a pointer to this object
                _self = {|KPL3004:GCHandle.Alloc(this)|}; // trailing note
                Console.WriteLine("registered");
            }
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;

        class NativeBridge
        {
            private static GCHandle _self;

            public void Register()
            {
                // native code keeps a pointer to this object
                _self = GCHandle.Alloc(this); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(NativeBridge).Assembly)!.Unloading += _ => { if (_self.IsAllocated) _self.Free(); };
                Console.WriteLine("registered");
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_All_frees_every_field_handle_and_adds_one_using() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class Callbacks
        {
            private GCHandle _callback;
            private static GCHandle _pinned;

            public Callbacks(Action callback) => _callback = {|KPL3004:GCHandle.Alloc(callback)|};

            public void Pin(Callbacks[] all)
            {
                _pinned = {|KPL3004:GCHandle.Alloc(all, GCHandleType.Normal)|};
            }
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;

        class Callbacks
        {
            private GCHandle _callback;
            private static GCHandle _pinned;

            public Callbacks(Action callback)
            {
                _callback = GCHandle.Alloc(callback);
                AssemblyLoadContext.GetLoadContext(typeof(Callbacks).Assembly)!.Unloading += _ => { if (_callback.IsAllocated) _callback.Free(); };
            }

            public void Pin(Callbacks[] all)
            {
                _pinned = GCHandle.Alloc(all, GCHandleType.Normal);
                AssemblyLoadContext.GetLoadContext(typeof(Callbacks).Assembly)!.Unloading += _ => { if (_pinned.IsAllocated) _pinned.Free(); };
            }
        }
        """).RunAsync();

    [Fact]
    public Task Moves_a_happy_path_Free_into_finally_keeping_comments() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System;
        using System.Runtime.InteropServices;

        struct Sample { public int Value; }

        static class Native
        {
            public static void Fill(Sample[] samples)
            {
                var handle = {|KPL3004:GCHandle.Alloc(samples, GCHandleType.Pinned)|};
                // hand the buffer to native code
                var address = handle.AddrOfPinnedObject();
                Console.WriteLine(address); // may throw
                handle.Free(); // release the pin
                Console.WriteLine("done");
            }
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        struct Sample { public int Value; }

        static class Native
        {
            public static void Fill(Sample[] samples)
            {
                var handle = GCHandle.Alloc(samples, GCHandleType.Pinned);
                try
                {
                    // hand the buffer to native code
                    var address = handle.AddrOfPinnedObject();
                    Console.WriteLine(address); // may throw
                }
                finally
                {
                    handle.Free(); // release the pin
                }

                Console.WriteLine("done");
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_All_moves_every_happy_path_Free_into_finally_in_two_documents() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System.Runtime.InteropServices;

        class First
        {
            void Run()
            {
                var handle = {|KPL3004:GCHandle.Alloc(this)|};
                System.Console.WriteLine(handle.Target);
                handle.Free();
            }
        }
        """, """
        using System.Runtime.InteropServices;

        class First
        {
            void Run()
            {
                var handle = GCHandle.Alloc(this);
                try
                {
                    System.Console.WriteLine(handle.Target);
                }
                finally
                {
                    handle.Free();
                }
            }
        }
        """)
        .WithDocument("/0/Second.cs", """
        using System.Runtime.InteropServices;

        class Second
        {
            void Run()
            {
                var handle = {|KPL3004:GCHandle.Alloc(this)|};
                System.Console.WriteLine(handle.Target);
                handle.Free();
            }
        }
        """, """
        using System.Runtime.InteropServices;

        class Second
        {
            void Run()
            {
                var handle = GCHandle.Alloc(this);
                try
                {
                    System.Console.WriteLine(handle.Target);
                }
                finally
                {
                    handle.Free();
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task No_fix_when_a_local_declared_in_between_is_used_after_the_Free_or_the_handle_is_never_freed() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System;
        using System.Runtime.InteropServices;

        class Widget
        {
            private static readonly GCHandle Initialized = {|KPL3004:GCHandle.Alloc(new Widget())|};

            void Run()
            {
                var handle = {|KPL3004:GCHandle.Alloc(this)|};
                var target = handle.Target;
                handle.Free();
                Console.WriteLine(target);

                var never = {|KPL3004:GCHandle.Alloc(this)|};
                Console.WriteLine(never.Target);
                {|KPL3004:GCHandle.Alloc(this)|};
            }
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        class Widget
        {
            private static readonly GCHandle Initialized = {|KPL3004:GCHandle.Alloc(new Widget())|};

            void Run()
            {
                var handle = {|KPL3004:GCHandle.Alloc(this)|};
                var target = handle.Target;
                handle.Free();
                Console.WriteLine(target);

                var never = {|KPL3004:GCHandle.Alloc(this)|};
                Console.WriteLine(never.Target);
                {|KPL3004:GCHandle.Alloc(this)|};
            }
        }
        """).RunAsync();

    [Fact]
    public Task Shared_code_gets_no_unload_release_because_its_Unloading_event_never_fires() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System.Runtime.InteropServices;

        public static class Registry
        {
            private static GCHandle _handle;

            public static void Keep(object target)
            {
                _handle = {|KPL3004:GCHandle.Alloc(target)|};
            }
        }
        """, """
        using System.Runtime.InteropServices;

        public static class Registry
        {
            private static GCHandle _handle;

            public static void Keep(object target)
            {
                _handle = {|KPL3004:GCHandle.Alloc(target)|};
            }
        }
        """).InRole("Shared").RunAsync();

    /// <summary>
    /// Stand-ins for .NET 10's typed handles (same namespace and names): the fix tests compile against .NET 8 reference
    /// assemblies; TypedGCHandleRuntimeTests runs the fix on the real types.
    /// </summary>
    private const string TypedHandleStubs = """
        namespace System.Runtime.InteropServices
        {
            public struct GCHandle<T> : IDisposable where T : class?
            {
                public GCHandle(T target) { }
                public void Dispose() { }
            }

            public struct PinnedGCHandle<T> : IDisposable where T : class?
            {
                public PinnedGCHandle(T target) { }
                public void Dispose() { }
            }
        }
        """;

    [Fact]
    public Task Fix_All_disposes_typed_handles_on_unload() => CodeFixSpec<UnfreedGCHandleAnalyzer, UnfreedGCHandleFixer>.For("""
        using System.Runtime.InteropServices;

        struct Sample { public int Value; }

        class Bridge
        {
            private GCHandle<Bridge> _self;
            private static PinnedGCHandle<Sample[]> _pinned;

            public Bridge() => _self = {|KPL3004:new GCHandle<Bridge>(this)|};

            public void Pin(Sample[] samples)
            {
                _pinned = {|KPL3004:new PinnedGCHandle<Sample[]>(samples)|};
            }
        }
        """, """
        using System.Runtime.InteropServices;
        using System.Runtime.Loader;

        struct Sample { public int Value; }

        class Bridge
        {
            private GCHandle<Bridge> _self;
            private static PinnedGCHandle<Sample[]> _pinned;

            public Bridge()
            {
                _self = new GCHandle<Bridge>(this);
                AssemblyLoadContext.GetLoadContext(typeof(Bridge).Assembly)!.Unloading += _ => _self.Dispose();
            }

            public void Pin(Sample[] samples)
            {
                _pinned = new PinnedGCHandle<Sample[]>(samples);
                AssemblyLoadContext.GetLoadContext(typeof(Bridge).Assembly)!.Unloading += _ => _pinned.Dispose();
            }
        }
        """).WithDocument("/0/TypedHandles.cs", TypedHandleStubs, TypedHandleStubs).RunAsync();
}
