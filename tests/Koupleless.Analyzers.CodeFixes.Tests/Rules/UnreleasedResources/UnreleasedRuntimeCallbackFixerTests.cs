using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UnreleasedRuntimeCallbackFixerTests
{
    [Fact]
    public Task Unregisters_on_unload_after_the_assignment() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            private static RegisteredWaitHandle _registration;

            public static void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                _registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|}; // trailing note
                System.Console.WriteLine("started");
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            private static RegisteredWaitHandle _registration;

            public static void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                _registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => _registration.Unregister(null);
                System.Console.WriteLine("started");
            }
        }
        """).RunAsync();

    [Fact]
    public Task A_dropped_registration_is_kept_in_a_local_and_unregistered_on_unload() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            public void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false)|}; // trailing note
                Tick();
            }

            void Tick() { }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            public void Start(WaitHandle signal)
            {
                // wakes up whenever the base signals
                var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
                Tick();
            }

            void Tick() { }
        }
        """).RunAsync();

    [Fact]
    public Task A_discarded_registration_gets_a_name_the_member_does_not_use_yet() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        static class Watcher
        {
            public static void Start(WaitHandle signal, string registration)
            {
                _ = {|KPL3006:ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false)|};
                if (registration.Length > 0)
                {
                    var registration2 = registration;
                }
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static class Watcher
        {
            public static void Start(WaitHandle signal, string registration)
            {
                var registration3 = ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration3.Unregister(null);
                if (registration.Length > 0)
                {
                    var registration2 = registration;
                }
            }
        }
        """).RunAsync();

    [Fact]
    public Task Fix_All_releases_fields_locals_and_dropped_registrations_in_every_document() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            private RegisteredWaitHandle _registration;

            void Start(WaitHandle signal)
            {
                _registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false)|};
                var local = {|KPL3006:ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false)|};
                local.ToString();
                {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
                {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, 500, false)|};
            }

            void Tick() { }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            private RegisteredWaitHandle _registration;

            void Start(WaitHandle signal)
            {
                _registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => _registration.Unregister(null);
                var local = ThreadPool.UnsafeRegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => local.Unregister(null);
                local.ToString();
                var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
                var registration2 = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => Tick(), null, 500, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration2.Unregister(null);
            }

            void Tick() { }
        }
        """)
        .WithDocument("/0/Other.cs", """
            using System.Threading;

            static class Other
            {
                private static RegisteredWaitHandle _handle;

                public static void Start(WaitHandle signal) => _handle = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};

                public static void Watch(WaitHandle signal)
                {
                    {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
                }
            }
            """, """
            using System.Runtime.Loader;
            using System.Threading;

            static class Other
            {
                private static RegisteredWaitHandle _handle;

                public static void Start(WaitHandle signal)
                {
                    _handle = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                    AssemblyLoadContext.GetLoadContext(typeof(Other).Assembly)!.Unloading += _ => _handle.Unregister(null);
                }

                public static void Watch(WaitHandle signal)
                {
                    var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                    AssemblyLoadContext.GetLoadContext(typeof(Other).Assembly)!.Unloading += _ => registration.Unregister(null);
                }
            }
            """)
        .RunAsync();

    [Fact]
    public Task A_static_field_initializer_is_unregistered_in_a_new_static_constructor() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        static class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            // wakes up whenever the base signals
            private static readonly RegisteredWaitHandle Registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false)|};

            public static void Poke() => Signal.Set();
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            // wakes up whenever the base signals
            private static readonly RegisteredWaitHandle Registration = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false);

            static Watcher()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => Registration.Unregister(null);
            }

            public static void Poke() => Signal.Set();
        }
        """).RunAsync();

    [Fact]
    public Task An_existing_static_constructor_unregisters_first() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System;
        using System.Threading;

        class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            private static readonly RegisteredWaitHandle Registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false)|};

            static Watcher()
            {
                Console.WriteLine("watching");
            }
        }
        """, """
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            private static readonly RegisteredWaitHandle Registration = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false);

            static Watcher()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => Registration.Unregister(null);
                Console.WriteLine("watching");
            }
        }
        """).RunAsync();

    /// <summary>
    /// Two fields in one part, one in another document, plus a dropped registration: every Fix All scope adds one static
    /// constructor (to the first field's part) with the three releases in field order, and the local where it was.
    /// </summary>
    [Fact]
    public Task Fix_All_gives_a_partial_type_one_static_constructor_across_documents() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        partial class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            private static readonly RegisteredWaitHandle First = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false)|};
            private static readonly RegisteredWaitHandle Second = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, 1000, false)|};
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        partial class Watcher
        {
            private static readonly AutoResetEvent Signal = new(false);
            private static readonly RegisteredWaitHandle First = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, -1, false);
            private static readonly RegisteredWaitHandle Second = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, 1000, false);

            static Watcher()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => First.Unregister(null);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => Second.Unregister(null);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => Third.Unregister(null);
            }
        }
        """)
        .WithDocument("/0/Test1.cs", """
            using System.Threading;

            partial class Watcher
            {
                private static readonly RegisteredWaitHandle Third = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, 5000, false)|};

                public void Watch(WaitHandle signal)
                {
                    {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};
                }
            }
            """, """
            using System.Runtime.Loader;
            using System.Threading;

            partial class Watcher
            {
                private static readonly RegisteredWaitHandle Third = ThreadPool.RegisterWaitForSingleObject(Signal, (_, _) => { }, null, 5000, false);

                public void Watch(WaitHandle signal)
                {
                    var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                    AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
                }
            }
            """)
        .RunAsync();

    /// <summary>
    /// A dropped registration that is the whole body of an expression-bodied void method, constructor or local function:
    /// the body becomes a block with the new local and its release (Fix All: every one, one using directive).
    /// </summary>
    [Fact]
    public Task Expression_bodied_void_members_become_blocks_that_keep_and_release_the_registration() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For("""
        using System.Threading;

        class Watcher
        {
            public Watcher(WaitHandle signal) => {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|}; // on creation

            public void Start(WaitHandle signal) => _ = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false)|};

            public void Later(WaitHandle signal)
            {
                Arm();

                void Arm() => {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 500, false)|};
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Watcher
        {
            public Watcher(WaitHandle signal)
            {
                var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
            } // on creation

            public void Start(WaitHandle signal)
            {
                var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 1000, false);
                AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
            }

            public void Later(WaitHandle signal)
            {
                Arm();

                void Arm()
                {
                    var registration = ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, 500, false);
                    AssemblyLoadContext.GetLoadContext(typeof(Watcher).Assembly)!.Unloading += _ => registration.Unregister(null);
                }
            }
        }
        """).RunAsync();

    /// <summary>
    /// Only a whole statement in a block or a whole void expression body can become a local: a value-returning expression
    /// body, a lambda body and a chained call keep their diagnostic (no fix is offered there).
    /// </summary>
    [Fact]
    public Task No_fix_for_a_dropped_registration_outside_a_statement_of_a_block()
    {
        const string source = """
            using System;
            using System.Threading;

            class Watcher
            {
                public Action Later(WaitHandle signal) => () => {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|};

                public string Describe(WaitHandle signal) => {|KPL3006:ThreadPool.RegisterWaitForSingleObject(signal, (_, _) => { }, null, -1, false)|}.ToString()!;
            }
            """;
        return CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UnreleasedRuntimeCallbackFixer>.For(source, source).RunAsync();
    }
}
