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

    [Fact]
    public Task A_field_initializer_has_no_statement_to_attach_to_so_no_fix_is_offered() => CodeFixSpec<UndisposedTimerAnalyzer, UndisposedTimerFixer>.For("""
        using System.Threading;

        static class Heartbeat
        {
            private static readonly Timer Timer = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
        }
        """, """
        using System.Threading;

        static class Heartbeat
        {
            private static readonly Timer Timer = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
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
