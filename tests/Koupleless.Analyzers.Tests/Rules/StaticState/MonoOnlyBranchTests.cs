using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// KPL1003/KPL1004/KPL1005 in a branch that runs only on Mono (<c>Type.GetType("Mono.Runtime") != null</c>): a base runs
/// on CoreCLR, where the branch never runs (Jackett's Mono-only restart path ended the process).
/// </summary>
public sealed class MonoOnlyBranchTests
{
    [Fact]
    public Task Process_wide_changes_that_run_only_on_Mono_are_not_reported_elsewhere_they_are() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;

        static class Restart
        {
            static bool Other => DateTime.Now.Ticks > 0;

            static void Probe()
            {
                if (Type.GetType("Mono.Runtime") != null)
                {
                    Environment.Exit(2);
                }

                var monotype = Type.GetType("Mono.Runtime");
                if (monotype != null && Other)
                {
                    Environment.SetEnvironmentVariable("MONO_ENV_OPTIONS", "--debug");
                }

                if (Type.GetType("Mono.Runtime") is not null)
                {
                    Environment.Exit(3);
                }

                // The else of "== null" is Mono-only too; its then-branch, an "or" and another type's probe are not.
                if (monotype == null)
                {
                    {|KPL1004:Environment.Exit|}(4);
                }
                else
                {
                    Environment.Exit(5);
                }

                if (monotype != null || Other)
                {
                    {|KPL1004:Environment.Exit|}(6);
                }

                if (Type.GetType("System.Runtime.Loader.AssemblyLoadContext") != null)
                {
                    {|KPL1004:Environment.Exit|}(7);
                }
            }
        }
        """).InRole("Module").RunAsync();
}
