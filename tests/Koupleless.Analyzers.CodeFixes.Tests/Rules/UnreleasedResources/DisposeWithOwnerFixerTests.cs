using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class DisposeWithOwnerFixerTests
{
    [Fact]
    public Task Makes_the_type_IDisposable_and_disposes_the_timer() => CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For("""
        using System.Threading;

        class Poller // polls the base
        {
            private readonly Timer _timer;

            public Poller()
            {
                // every second
                _timer = {|KPL3001:new Timer(_ => Tick(), null, 0, 1000)|};
            }

            void Tick() { }
        }
        """, """
        using System;
        using System.Threading;

        class Poller : IDisposable // polls the base
        {
            private readonly Timer _timer;

            public Poller()
            {
                // every second
                _timer = new Timer(_ => Tick(), null, 0, 1000);
            }

            void Tick() { }

            public void Dispose() => _timer?.Dispose();
        }
        """).UsingFix(DisposeWithOwnerFixer.TimerKey).RunAsync();

    [Fact]
    public Task A_non_nullable_field_is_released_without_a_null_check_and_the_base_list_grows() => CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For("""
        #nullable enable
        using System;
        using System.Threading;

        sealed class Poller : ICloneable
        {
            private readonly Timer _timer;

            public Poller() => _timer = {|KPL3001:new Timer(OnTick, null, 0, 1000)|};

            public object Clone() => new Poller();

            private void OnTick(object? state) { }
        }
        """, """
        #nullable enable
        using System;
        using System.Threading;

        sealed class Poller : ICloneable, IDisposable
        {
            private readonly Timer _timer;

            public Poller() => _timer = new Timer(OnTick, null, 0, 1000);

            public object Clone() => new Poller();

            private void OnTick(object? state) { }

            public void Dispose() => _timer.Dispose();
        }
        """).RunAsync();

    [Fact]
    public Task Extends_an_existing_Dispose_with_a_block_body() => CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, DisposeWithOwnerFixer>.For("""
        using System;
        using System.Threading;

        sealed class Watcher : IDisposable
        {
            private RegisteredWaitHandle _registration;
            private readonly ManualResetEvent _signal = new ManualResetEvent(false);

            public void Start() => _registration = {|KPL3006:ThreadPool.RegisterWaitForSingleObject(_signal, (_, _) => { }, null, -1, false)|};

            public void Dispose()
            {
                // the event is ours
                _signal.Dispose(); // closes the handle
            }
        }
        """, """
        using System;
        using System.Threading;

        sealed class Watcher : IDisposable
        {
            private RegisteredWaitHandle _registration;
            private readonly ManualResetEvent _signal = new ManualResetEvent(false);

            public void Start() => _registration = ThreadPool.RegisterWaitForSingleObject(_signal, (_, _) => { }, null, -1, false);

            public void Dispose()
            {
                // the event is ours
                _signal.Dispose(); // closes the handle
                _registration?.Unregister(null);
            }
        }
        """).UsingFix(DisposeWithOwnerFixer.RuntimeCallbackKey).RunAsync();

    [Fact]
    public Task Fix_All_puts_every_field_of_a_type_into_one_Dispose_in_every_document() => CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For("""
        using System.Threading;

        class Poller
        {
            private Timer _fast;
            private Timer _slow;

            void Start()
            {
                _fast = {|KPL3001:new Timer(_ => Tick(), null, 0, 100)|};
                _slow = {|KPL3001:new Timer(_ => Tick(), null, 0, 10000)|};
            }

            void Tick() { }
        }
        """, """
        using System;
        using System.Threading;

        class Poller : IDisposable
        {
            private Timer _fast;
            private Timer _slow;

            void Start()
            {
                _fast = new Timer(_ => Tick(), null, 0, 100);
                _slow = new Timer(_ => Tick(), null, 0, 10000);
            }

            void Tick() { }

            public void Dispose()
            {
                _fast?.Dispose();
                _slow?.Dispose();
            }
        }
        """)
        .WithDocument("/0/Heartbeat.cs", """
            using System;

            class Heartbeat
            {
                private readonly System.Timers.Timer _timer = {|KPL3001:new System.Timers.Timer(1000) { Enabled = true }|};

                public void Dispose() => Console.WriteLine("bye");
            }
            """, """
            using System;

            class Heartbeat
            {
                private readonly System.Timers.Timer _timer = new System.Timers.Timer(1000) { Enabled = true };

                public void Dispose()
                {
                    Console.WriteLine("bye");
                    _timer?.Dispose();
                }
            }
            """)
        .RunAsync();

    /// <summary>
    /// A partial type with a timer field in each of its two documents: one IDisposable and one Dispose, in its first
    /// part, release both (a Dispose per document would not compile: CS0111).
    /// </summary>
    [Fact]
    public Task A_partial_type_split_over_two_documents_gets_one_Dispose_for_both_fields() => CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For("""
        using System.Threading;

        partial class Poller
        {
            private Timer _fast;

            void StartFast() => _fast = {|KPL3001:new Timer(_ => Tick(), null, 0, 100)|};

            void Tick() { }
        }
        """, """
        using System;
        using System.Threading;

        partial class Poller : IDisposable
        {
            private Timer _fast;

            void StartFast() => _fast = new Timer(_ => Tick(), null, 0, 100);

            void Tick() { }

            public void Dispose()
            {
                _fast?.Dispose();
                _slow?.Dispose();
            }
        }
        """)
        .WithDocument("/0/Test1.cs", """
            using System.Threading;

            partial class Poller
            {
                private Timer _slow;

                void StartSlow() => _slow = {|KPL3001:new Timer(_ => Tick(), null, 0, 10000)|};
            }
            """, """
            using System.Threading;

            partial class Poller
            {
                private Timer _slow;

                void StartSlow() => _slow = new Timer(_ => Tick(), null, 0, 10000);
            }
            """)
        .RunAsync();

    /// <summary>The type's Dispose is in another document than the field: it is extended there.</summary>
    [Fact]
    public Task A_Dispose_in_another_part_of_the_type_is_extended() => CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For("""
        using System;

        partial class Poller : IDisposable
        {
            void Tick() { }

            public void Dispose()
            {
                Console.WriteLine("bye");
            }
        }
        """, """
        using System;

        partial class Poller : IDisposable
        {
            void Tick() { }

            public void Dispose()
            {
                Console.WriteLine("bye");
                _slow?.Dispose();
            }
        }
        """)
        .WithDocument("/0/Test1.cs", """
            using System.Threading;

            partial class Poller
            {
                private Timer _slow;

                void StartSlow() => _slow = {|KPL3001:new Timer(_ => Tick(), null, 0, 10000)|};
            }
            """, """
            using System.Threading;

            partial class Poller
            {
                private Timer _slow;

                void StartSlow() => _slow = new Timer(_ => Tick(), null, 0, 10000);
            }
            """)
        .RunAsync();

    [Fact]
    public Task No_fix_for_static_fields_or_when_a_base_type_owns_Dispose()
    {
        const string source = """
            using System.IO;
            using System.Threading;

            static class Clock
            {
                private static Timer _timer;
                public static void Start() => _timer = {|KPL3001:new Timer(_ => { }, null, 0, 1000)|};
            }

            class Buffered : MemoryStream
            {
                private Timer _flush;
                public void Start() => _flush = {|KPL3001:new Timer(_ => Flush(), null, 0, 1000)|};
            }
            """;
        return CodeFixSpec<UndisposedTimerAnalyzer, DisposeWithOwnerFixer>.For(source, source).RunAsync();
    }
}
