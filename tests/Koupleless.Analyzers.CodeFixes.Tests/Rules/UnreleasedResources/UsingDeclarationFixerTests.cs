using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

public sealed class UsingDeclarationFixerTests
{
    [Fact]
    public Task A_local_periodic_timer_becomes_a_using_declaration() => CodeFixSpec<UndisposedTimerAnalyzer, UsingDeclarationFixer>.For("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task RunAsync(CancellationToken token)
            {
                // ticks until cancelled
                var timer = {|KPL3001:new PeriodicTimer(TimeSpan.FromSeconds(1))|}; // one per run
                while (await timer.WaitForNextTickAsync(token))
                {
                    Tick();
                }
            }

            void Tick() { }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            async Task RunAsync(CancellationToken token)
            {
                // ticks until cancelled
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)); // one per run
                while (await timer.WaitForNextTickAsync(token))
                {
                    Tick();
                }
            }

            void Tick() { }
        }
        """).UsingFix(UsingDeclarationFixer.TimerKey).RunAsync();

    [Fact]
    public Task Fix_All_scopes_every_local_that_an_await_outlives() => CodeFixSpec<UndisposedTimerAnalyzer, UsingDeclarationFixer>.For("""
        using System;
        using System.Threading.Tasks;

        class Progress
        {
            async Task MonitorAsync(Task work)
            {
                var dots = {|KPL3001:new System.Timers.Timer(500)|};
                dots.Elapsed += (_, _) => Console.Write(".");
                dots.Start();
                await work;
            }

            async Task<int> CountAsync(Task<int> work)
            {
                System.Timers.Timer ticker = {|KPL3001:new System.Timers.Timer(500) { Enabled = true }|};
                ticker.Elapsed += (_, _) => Console.Write("|");
                return await work;
            }
        }
        """, """
        using System;
        using System.Threading.Tasks;

        class Progress
        {
            async Task MonitorAsync(Task work)
            {
                using var dots = new System.Timers.Timer(500);
                dots.Elapsed += (_, _) => Console.Write(".");
                dots.Start();
                await work;
            }

            async Task<int> CountAsync(Task<int> work)
            {
                using System.Timers.Timer ticker = new System.Timers.Timer(500) { Enabled = true };
                ticker.Elapsed += (_, _) => Console.Write("|");
                return await work;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Not_offered_when_the_timer_must_outlive_a_synchronous_scope_or_is_captured()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;

            class Progress
            {
                void StartAndLeave()
                {
                    var left = {|KPL3001:new System.Timers.Timer(500)|};
                    left.Elapsed += (_, _) => Console.Write(".");
                    left.Start();
                }

                async Task StopsItselfAsync(Task work)
                {
                    var captured = {|KPL3001:new System.Timers.Timer(500)|};
                    captured.Elapsed += (_, _) => captured.Interval = 1000;
                    captured.Start();
                    await work;
                }
            }
            """;
        return CodeFixSpec<UndisposedTimerAnalyzer, UsingDeclarationFixer>.For(source, source).RunAsync();
    }

    [Fact]
    public Task A_disposable_catalog_resource_in_a_local_becomes_a_using_declaration()
    {
        // An enterprise line makes a disposable library registration a KPL3006 creation.
        const string catalog = "KPL3006 | M:Hub.Watch(System.Action) | is held with its callback by the hub until disposed | dispose it\n";
        var spec = CodeFixSpec<UnreleasedRuntimeCallbackAnalyzer, UsingDeclarationFixer>.For("""
            using System;
            using System.Threading.Tasks;

            static class Hub
            {
                public static IDisposable Watch(Action callback) => null!;
            }

            class Client
            {
                async Task ObserveAsync(Task work)
                {
                    var watch = {|KPL3006:Hub.Watch(() => Console.WriteLine("changed"))|};
                    watch.ToString();
                    await work;
                }
            }
            """, """
            using System;
            using System.Threading.Tasks;

            static class Hub
            {
                public static IDisposable Watch(Action callback) => null!;
            }

            class Client
            {
                async Task ObserveAsync(Task work)
                {
                    using var watch = Hub.Watch(() => Console.WriteLine("changed"));
                    watch.ToString();
                    await work;
                }
            }
            """).UsingFix(UsingDeclarationFixer.RuntimeCallbackKey);
        spec.Test.TestState.AdditionalFiles.Add(("/KouplelessHazards.Enterprise.txt", catalog));
        spec.Test.FixedState.AdditionalFiles.Add(("/KouplelessHazards.Enterprise.txt", catalog));
        return spec.RunAsync();
    }
}
