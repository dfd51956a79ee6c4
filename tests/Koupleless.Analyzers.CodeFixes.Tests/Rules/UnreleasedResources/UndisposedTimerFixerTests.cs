using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UndisposedTimerFixerTests
{
    [Fact]
    public Task Disposes_the_timer_on_unload_after_the_assignment() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System;
        using System.Threading;

        class Poller
        {
            private static Timer _timer;

            public static void Start()
            {
                // polls every second
                _timer = {|KPL3001:new Timer(_ => Console.WriteLine("tick"), null, 0, 1000)|}; // trailing note
                Console.WriteLine("started");
            }
        }
        """, """
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        class Poller
        {
            private static Timer _timer;

            public static void Start()
            {
                // polls every second
                _timer = new Timer(_ => Console.WriteLine("tick"), null, 0, 1000); // trailing note
                AssemblyLoadContext.GetLoadContext(typeof(Poller).Assembly)!.Unloading += _ => _timer.Dispose();
                Console.WriteLine("started");
            }
        }
        """).RunAsync();

    [Fact]
    public Task Expression_bodied_members_become_blocks_and_Fix_All_adds_one_using() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        static class Heartbeat
        {
            private static Timer _timer;
            private static System.Timers.Timer _elapsed;

            public static void Start() => _timer = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};

            public static void StartElapsed()
            {
                _elapsed = {|KPL3001:new System.Timers.Timer(1000)|};
                _elapsed.Elapsed += (_, _) => { };
                _elapsed.Start();
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static class Heartbeat
        {
            private static Timer _timer;
            private static System.Timers.Timer _elapsed;

            public static void Start()
            {
                _timer = new Timer(_ => { }, null, 0, 1000);
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => _timer.Dispose();
            }

            public static void StartElapsed()
            {
                _elapsed = new System.Timers.Timer(1000);
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => _elapsed.Dispose();
                _elapsed.Elapsed += (_, _) => { };
                _elapsed.Start();
            }
        }
        """).RunAsync();

    /// <summary>
    /// No statement follows a field initializer, but static initializers all run before the static constructor: the
    /// release goes into a new one, after the field declarations.
    /// </summary>
    [Fact]
    public Task A_static_field_initializer_is_released_in_a_new_static_constructor() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        public static class Heartbeat
        {
            // beats every second
            private static readonly Timer Tick = {|KPL3001:new Timer(_ => Beat(), null, 0, 1000)|}; // trailing note

            private static void Beat() { }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        public static class Heartbeat
        {
            // beats every second
            private static readonly Timer Tick = new Timer(_ => Beat(), null, 0, 1000); // trailing note

            static Heartbeat()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Tick.Dispose();
            }

            private static void Beat() { }
        }
        """).RunAsync();

    [Fact]
    public Task An_existing_static_constructor_gets_the_release_as_its_first_statement() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System;
        using System.Threading;

        struct Heartbeat
        {
            private static readonly Timer Tick = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
            private static int _beats;

            static Heartbeat()
            {
                // counts from one
                _beats = 1;
                Console.WriteLine(_beats);
            }
        }
        """, """
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        struct Heartbeat
        {
            private static readonly Timer Tick = new Timer(_ => { }, null, 0, 1000);
            private static int _beats;

            static Heartbeat()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Tick.Dispose();
                // counts from one
                _beats = 1;
                Console.WriteLine(_beats);
            }
        }
        """).RunAsync();

    [Fact]
    public Task An_expression_bodied_static_constructor_becomes_a_block_that_releases_first() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System;
        using System.Threading;

        record Heartbeat
        {
            private static readonly Timer Tick = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};

            static Heartbeat() => Console.WriteLine("ready");
        }
        """, """
        using System;
        using System.Runtime.Loader;
        using System.Threading;

        record Heartbeat
        {
            private static readonly Timer Tick = new Timer(_ => { }, null, 0, 1000);

            static Heartbeat()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Tick.Dispose();
                Console.WriteLine("ready");
            }
        }
        """).RunAsync();

    /// <summary>Applied one by one or by Fix All, two fields get one constructor and their releases in field order.</summary>
    [Fact]
    public Task Two_static_fields_get_one_static_constructor_in_field_order() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        class Heartbeat<T>
        {
            private static readonly Timer Fast = {|KPL3001:new Timer(_ => { }, null, 0, 100)|};
            private static readonly Timer Slow = {|KPL3001:new Timer(_ => { }, null, 0, 10000)|};
            private readonly int _instance = 1;

            public int Instance => _instance;
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Heartbeat<T>
        {
            private static readonly Timer Fast = new Timer(_ => { }, null, 0, 100);
            private static readonly Timer Slow = new Timer(_ => { }, null, 0, 10000);
            private readonly int _instance = 1;

            static Heartbeat()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat<T>).Assembly)!.Unloading += _ => Fast.Dispose();
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat<T>).Assembly)!.Unloading += _ => Slow.Dispose();
            }

            public int Instance => _instance;
        }
        """).RunAsync();

    /// <summary>
    /// A partial type's fields in two documents: every scope of Fix All (and the fixes one by one) adds one static
    /// constructor — to the part of the first field — and the second document's release joins it (CS0111 otherwise).
    /// </summary>
    [Fact]
    public Task Static_fields_of_a_partial_type_in_two_documents_share_one_static_constructor() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        static partial class Heartbeat
        {
            private static readonly Timer Fast = {|KPL3001:new Timer(_ => { }, null, 0, 100)|};
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static partial class Heartbeat
        {
            private static readonly Timer Fast = new Timer(_ => { }, null, 0, 100);

            static Heartbeat()
            {
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Fast.Dispose();
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Slow.Dispose();
            }
        }
        """)
        .WithDocument("/0/Test1.cs", """
            using System.Threading;

            static partial class Heartbeat
            {
                private static readonly Timer Slow = {|KPL3001:new Timer(_ => { }, null, 0, 10000)|};
            }
            """, """
            using System.Threading;

            static partial class Heartbeat
            {
                private static readonly Timer Slow = new Timer(_ => { }, null, 0, 10000);
            }
            """)
        .RunAsync();

    /// <summary>The partial type's static constructor is in the other document: the release goes there, first.</summary>
    [Fact]
    public Task The_release_goes_to_a_static_constructor_in_another_document() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        partial class Heartbeat
        {
            private static readonly Timer Tick = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
        }
        """, """
        using System.Threading;

        partial class Heartbeat
        {
            private static readonly Timer Tick = new Timer(_ => { }, null, 0, 1000);
        }
        """)
        .WithDocument("/0/Test1.cs", """
            partial class Heartbeat
            {
                static Heartbeat()
                {
                    System.Console.WriteLine("ready");
                }
            }
            """, """
            using System.Runtime.Loader;

            partial class Heartbeat
            {
                static Heartbeat()
                {
                    AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => Tick.Dispose();
                    System.Console.WriteLine("ready");
                }
            }
            """)
        .RunAsync();

    [Fact]
    public Task An_instance_field_initializer_gets_no_unload_fix() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        class Poller
        {
            private readonly System.Timers.Timer _timer = {|KPL3001:new System.Timers.Timer(1000) { Enabled = true }|};
        }
        """, """
        using System.Threading;

        class Poller
        {
            private readonly System.Timers.Timer _timer = {|KPL3001:new System.Timers.Timer(1000) { Enabled = true }|};
        }
        """).RunAsync();

    /// <summary>
    /// The release is a statement next to each site, never a member: the parts of a partial type in two documents each
    /// get their own release (and using directive), and Fix All adds nothing to the type twice.
    /// </summary>
    [Fact]
    public Task Fix_All_releases_the_timers_of_a_partial_type_in_each_of_its_documents() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        static partial class Heartbeat
        {
            private static Timer _fast;

            public static void StartFast()
            {
                _fast = {|KPL3001:new Timer(_ => { }, null, 0, 100)|};
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static partial class Heartbeat
        {
            private static Timer _fast;

            public static void StartFast()
            {
                _fast = new Timer(_ => { }, null, 0, 100);
                AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => _fast.Dispose();
            }
        }
        """)
        .WithDocument("/0/Test1.cs", """
            using System.Threading;

            static partial class Heartbeat
            {
                private static Timer _slow;

                public static void StartSlow()
                {
                    _slow = {|KPL3001:new Timer(_ => { }, null, 0, 10000)|};
                }
            }
            """, """
            using System.Runtime.Loader;
            using System.Threading;

            static partial class Heartbeat
            {
                private static Timer _slow;

                public static void StartSlow()
                {
                    _slow = new Timer(_ => { }, null, 0, 10000);
                    AssemblyLoadContext.GetLoadContext(typeof(Heartbeat).Assembly)!.Unloading += _ => _slow.Dispose();
                }
            }
            """)
        .RunAsync();
}
