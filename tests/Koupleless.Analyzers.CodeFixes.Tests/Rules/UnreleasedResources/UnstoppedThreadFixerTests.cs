using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UnstoppedThreadFixerTests
{
    [Fact]
    public Task Loops_stop_on_unload_and_Fix_All_adds_the_token_source_once() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            public void Start()
            {
                {|KPL3002:new Thread(() =>
                {
                    while (true) // pump
                    {
                        Thread.Sleep(10);
                    }
                })|}.Start();
                {|KPL3002:Task.Factory.StartNew(Poll, TaskCreationOptions.LongRunning)|};
            }

            void Poll()
            {
                for (;;) { Thread.Sleep(10); }
            }
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            public void Start()
            {
                new Thread(() =>
                {
                    while (!StopOnUnload.IsCancellationRequested) // pump
                    {
                        Thread.Sleep(10);
                    }
                }).Start();
                Task.Factory.StartNew(Poll, TaskCreationOptions.LongRunning);
            }

            void Poll()
            {
                for (; !StopOnUnload.IsCancellationRequested;) { Thread.Sleep(10); }
            }

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Worker).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }

            // Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.
            static Worker()
            {
            }
        }
        """).RunAsync();

    [Fact]
    public Task Do_while_loop_in_a_static_class() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        using System.Threading;

        static class Pump
        {
            public static void Start() => {|KPL3002:ThreadPool.QueueUserWorkItem(_ => { do { Thread.Sleep(10); } while (true); })|};
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        static class Pump
        {
            public static void Start() => ThreadPool.QueueUserWorkItem(_ => { do { Thread.Sleep(10); } while (!StopOnUnload.IsCancellationRequested); });

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Pump).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }

            // Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.
            static Pump()
            {
            }
        }
        """).RunAsync();

    [Fact]
    public Task A_type_with_a_static_constructor_already_initialises_precisely_so_none_is_added() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        using System.Threading;

        class Pump
        {
            static Pump() { Name = "pump"; }

            static string Name;

            public void Start() => {|KPL3002:new Thread(() => { while (true) { Thread.Sleep(10); } })|}.Start();
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        class Pump
        {
            static Pump() { Name = "pump"; }

            static string Name;

            public void Start() => new Thread(() => { while (!StopOnUnload.IsCancellationRequested) { Thread.Sleep(10); } }).Start();

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Pump).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }
        }
        """).RunAsync();

    /// <summary>
    /// A partial type whose parts (two documents) both start loops: the token source, its factory and the static
    /// constructor are members of the one type, so they go into its first part once; each loop is fixed where it is.
    /// </summary>
    [Fact]
    public Task A_partial_type_split_over_two_documents_gets_the_token_source_once() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        using System.Threading;

        partial class Worker
        {
            public void Start() => {|KPL3002:new Thread(() => { while (true) { Thread.Sleep(10); } })|}.Start();
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        partial class Worker
        {
            public void Start() => new Thread(() => { while (!StopOnUnload.IsCancellationRequested) { Thread.Sleep(10); } }).Start();

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Worker).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }

            // Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.
            static Worker()
            {
            }
        }
        """)
        .WithDocument("/0/Worker.Poll.cs", """
            using System.Threading;

            partial class Worker
            {
                public void Poll() => {|KPL3002:new Thread(() => { do { Thread.Sleep(10); } while (true); })|}.Start();
            }
            """, """
            using System.Threading;

            partial class Worker
            {
                public void Poll() => new Thread(() => { do { Thread.Sleep(10); } while (!StopOnUnload.IsCancellationRequested); }).Start();
            }
            """)
        .RunAsync();

    /// <summary>The loop is only in the second part: the members still go into the first part, in the other document.</summary>
    [Fact]
    public Task The_members_go_into_the_first_part_even_when_only_a_later_part_has_a_loop() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        partial class Worker
        {
            private int _rounds;
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        partial class Worker
        {
            private int _rounds;

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Worker).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }

            // Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.
            static Worker()
            {
            }
        }
        """)
        .WithDocument("/0/Worker.Loop.cs", """
            using System.Threading;

            partial class Worker
            {
                public void Start() => {|KPL3002:new Thread(() => { while (true) { _rounds++; } })|}.Start();

                public void Poll() => {|KPL3002:new Thread(() => { for (;;) { _rounds++; } })|}.Start();
            }
            """, """
            using System.Threading;

            partial class Worker
            {
                public void Start() => new Thread(() => { while (!StopOnUnload.IsCancellationRequested) { _rounds++; } }).Start();

                public void Poll() => new Thread(() => { for (; !StopOnUnload.IsCancellationRequested;) { _rounds++; } }).Start();
            }
            """)
        .RunAsync();

    /// <summary>Two parts in one document: one set of members, in the first part.</summary>
    [Fact]
    public Task Two_parts_of_a_type_in_one_document_get_the_token_source_once() => CodeFixSpec<UnstoppedThreadAnalyzer, UnstoppedThreadFixer>.For("""
        using System.Threading;

        partial class Worker
        {
            public void Start() => {|KPL3002:new Thread(() => { while (true) { Thread.Sleep(10); } })|}.Start();
        }

        partial class Worker
        {
            public void Poll() => {|KPL3002:new Thread(() => { while (true) { Thread.Sleep(10); } })|}.Start();
        }
        """, """
        using System.Runtime.Loader;
        using System.Threading;

        partial class Worker
        {
            public void Start() => new Thread(() => { while (!StopOnUnload.IsCancellationRequested) { Thread.Sleep(10); } }).Start();

            private static readonly CancellationTokenSource StopOnUnload = CancelWhenUnloading();

            private static CancellationTokenSource CancelWhenUnloading()
            {
                var source = new CancellationTokenSource();
                AssemblyLoadContext.GetLoadContext(typeof(Worker).Assembly)!.Unloading += _ => source.Cancel();
                return source;
            }

            // Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.
            static Worker()
            {
            }
        }

        partial class Worker
        {
            public void Poll() => new Thread(() => { while (!StopOnUnload.IsCancellationRequested) { Thread.Sleep(10); } }).Start();
        }
        """).RunAsync();
}
