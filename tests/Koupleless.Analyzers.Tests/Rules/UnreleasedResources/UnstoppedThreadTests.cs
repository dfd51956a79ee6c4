using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>KPL3002: threads and tasks that never end keep the module's context alive (DESIGN.md), Module role only.</summary>
public sealed class UnstoppedThreadTests
{
    private const string Pinning = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private Thread _thread;

            public void Start()
            {
                {|#0:new Thread(() => { while (true) { Thread.Sleep(100); } })|}.Start();
                _thread = {|#1:new Thread(Pump) { IsBackground = true }|};
                _thread.Start();
                {|#2:Task.Factory.StartNew(() => { for (;;) { Poll(); } }, TaskCreationOptions.LongRunning)|};
                {|#3:Task.Run(async () => { while (true) { await Task.Delay(100); } })|};
                {|#4:ThreadPool.QueueUserWorkItem(_ => Pump())|};
                var local = {|#5:new Thread(() => Pump())|};
                local.Start();
            }

            void Pump()
            {
                while (true)
                {
                    switch (Poll())
                    {
                        case 0: break;   // leaves the switch, not the loop
                        default: Thread.Sleep(10); break;
                    }
                }
            }

            int Poll() => 0;
        }
        """;

    [Fact]
    public Task Endless_threads_and_tasks_are_reported_in_a_module() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For(Pinning)
        .Expect(
            Expected(0, "thread"),
            Expected(1, "thread"),
            Expected(2, "task"),
            Expected(3, "task"),
            Expected(4, "work item"),
            Expected(5, "thread"))
        .InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role() => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System.Threading;

        static class Loop
        {
            public static void Start() => {|KPL3002:new Thread(() => { while (true) Thread.Sleep(1000); })|}.Start();
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_never_unloads_so_nothing_is_reported(string role)
        => AnalyzerSpec<UnstoppedThreadAnalyzer>.For(Markup.Strip(Pinning)).InRole(role).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Threads_that_end_or_observe_cancellation_are_not_reported(string role) => AnalyzerSpec<UnstoppedThreadAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Stoppable : IDisposable
        {
            private readonly CancellationTokenSource _stop = new();
            private volatile bool _stopped;
            private readonly Thread _interrupted;

            public Stoppable()
            {
                new Thread(() => { while (!_stopped) Thread.Sleep(10); }).Start();                 // stop flag
                new Thread(() => { while (true) { _stop.Token.ThrowIfCancellationRequested(); } }).Start();
                Task.Run(async () => { while (true) await Task.Delay(100, _stop.Token); });       // token passed on
                Task.Factory.StartNew(() => { while (true) { if (_stopped) break; } }, TaskCreationOptions.LongRunning);
                new Thread(() => { for (;;) { if (_stopped) return; } }).Start();
                new Thread(() => Console.WriteLine("once")).Start();                              // a thread that ends
                Task.Run(() => { foreach (var item in new List<int>()) { } });
                new Thread(() => { while (true) { } });                                            // never started
                _interrupted = new Thread(() => { while (true) Thread.Sleep(1000); });
                _interrupted.Start();
            }

            public void Dispose()
            {
                _stopped = true;
                _stop.Cancel();
                _interrupted.Interrupt();
            }

            Thread Create() => new Thread(() => { while (true) { } });                           // the caller owns it
        }
        """).InRole(role).RunAsync();

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string kind)
        => AnalyzerSpec<UnstoppedThreadAnalyzer>.Diagnostic("KPL3002").WithLocation(location).WithArguments(kind)
            .WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations);
}
