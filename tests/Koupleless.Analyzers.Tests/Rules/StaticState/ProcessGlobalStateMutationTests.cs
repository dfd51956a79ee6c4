using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>KPL1003: mutation of process-wide runtime state, in every role; reads are never reported.</summary>
public sealed class ProcessGlobalStateMutationTests
{
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Mutations_are_reported_in_every_role(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;

        class Startup
        {
            void Configure(TextWriter writer)
            {
                {|KPL1003:Environment.SetEnvironmentVariable|}("MODE", "fast");
                {|KPL1003:Directory.SetCurrentDirectory|}("/tmp");
                {|KPL1003:Environment.CurrentDirectory|} = "/tmp";
                {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = new CultureInfo("fr-FR");
                {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = CultureInfo.InvariantCulture;
                {|KPL1003:Console.SetOut|}(writer);
                {|KPL1003:AppContext.SetSwitch|}("Switch.Name", true);
                {|KPL1003:AppDomain.CurrentDomain.SetData|}("key", 1);
                {|KPL1003:System.Threading.ThreadPool.SetMinThreads|}(4, 4);
                {|KPL1003:System.Runtime.GCSettings.LatencyMode|} = System.Runtime.GCLatencyMode.Batch;
                {|KPL1003:Trace.Listeners.Add|}(new ConsoleTraceListener());
                {|KPL1003:Trace.Listeners.Clear|}();
            }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Reads_of_process_state_are_not_reported() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Globalization;
        using System.IO;

        class Reader
        {
            string Read()
            {
                var mode = Environment.GetEnvironmentVariable("MODE");
                var directory = Environment.CurrentDirectory + Directory.GetCurrentDirectory();
                var culture = CultureInfo.DefaultThreadCurrentCulture ?? CultureInfo.GetCultureInfo("en-US");
                AppContext.TryGetSwitch("Switch.Name", out var enabled);
                CultureInfo.CurrentCulture = culture; // flows with the async context: not process-wide
                return mode + directory + enabled + Console.Out.Encoding.WebName;
            }
        }
        """).InRole("Shared").RunAsync();
}
