using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// KPL1003/KPL1004/KPL1005 in code that runs only as the process exits (an AppDomain.ProcessExit handler): no module is
/// left running to see the change, so it is not reported (Jackett shuts NLog down there).
/// </summary>
public sealed class ProcessExitHandlerTests
{
    [Fact]
    public Task Process_wide_changes_in_a_ProcessExit_handler_are_not_reported() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;

        static class Program
        {
            static void Main()
            {
                AppDomain.CurrentDomain.ProcessExit += OnExit;
                AppDomain.CurrentDomain.ProcessExit += new EventHandler(OnExitToo);
                AppDomain.CurrentDomain.ProcessExit += (sender, e) => Environment.SetEnvironmentVariable("STATE", "exiting");
                AppDomain.CurrentDomain.ProcessExit += delegate { Environment.Exit(3); };
            }

            static void OnExit(object? sender, EventArgs e)
            {
                Environment.SetEnvironmentVariable("STATE", "exiting");
                Environment.Exit(2);
            }

            static void OnExitToo(object? sender, EventArgs e) => Environment.FailFast("exiting");
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task The_same_changes_elsewhere_and_in_other_handlers_are_reported() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Threading.Tasks;

        static class Program
        {
            static void Main()
            {
                AppDomain.CurrentDomain.UnhandledException += OnCrash;
                AppDomain.CurrentDomain.ProcessExit += (sender, e) => Task.Run(() => {|KPL1003:Environment.SetEnvironmentVariable|}("STATE", "later"));
                OnExitLike(null, EventArgs.Empty);
            }

            static void OnCrash(object? sender, UnhandledExceptionEventArgs e) => {|KPL1004:Environment.Exit|}(1);

            // Named like a handler but never subscribed to ProcessExit.
            static void OnExitLike(object? sender, EventArgs e) => {|KPL1003:Environment.SetEnvironmentVariable|}("STATE", "exiting");
        }
        """).InRole("Module").RunAsync();
}
