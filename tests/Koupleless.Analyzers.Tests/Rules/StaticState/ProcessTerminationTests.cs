using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>KPL1004: ending the process from module or shared code; the base owns the process and may end it.</summary>
public sealed class ProcessTerminationTests
{
    private const string Terminations = """
        using System;

        class Worker
        {
            void Fail(Exception error)
            {
                {|KPL1004:Environment.Exit|}(1);
                {|KPL1004:Environment.FailFast|}("corrupt state");
                {|KPL1004:Environment.FailFast|}("corrupt state", error);
                Action<int> exit = {|KPL1004:Environment.Exit|};
            }
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task Ending_the_process_is_reported_in_module_and_shared_code(string role)
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(Terminations).InRole(role).RunAsync();

    [Fact]
    public Task Ending_the_process_is_reported_when_no_role_is_set()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(Terminations).RunAsync();

    [Fact]
    public Task The_base_may_end_its_own_process()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(Terminations.Replace("{|KPL1004:", "").Replace("|}", "")).InRole("Base").RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Reading_process_state_is_not_reported(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;

        class Worker
        {
            bool Stopping() => Environment.HasShutdownStarted || Environment.ExitCode != 0 || Environment.ProcessId == 0;

            void Fail() => throw new InvalidOperationException("report the failure to the base");
        }
        """).InRole(role).RunAsync();
}
