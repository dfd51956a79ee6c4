using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// Code in a branch that runs only on Mono (<c>Type.GetType("Mono.Runtime") != null</c>) or only on .NET Framework
/// (<c>typeof(object).Assembly.GetName().Name == "mscorlib"</c>): a base runs on CoreCLR, where the branch never runs
/// (Jackett's Mono-only restart path ended the process; pythonnet's Framework-only AssemblyResolve handler loaded with
/// LoadFrom). KPL1003/KPL1004/KPL1005, KPL2002 and KPL3003 leave it out.
/// </summary>
public sealed class OtherRuntimeBranchTests
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

    [Fact]
    public Task Code_that_runs_only_on_NET_Framework_is_not_reported_elsewhere_it_is() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;

        static class Restart
        {
            static void Probe()
            {
                if (typeof(object).Assembly.GetName().Name == "mscorlib")
                {
                    Environment.Exit(1);
                    Action later = () => Environment.Exit(2);
                    later();
                }

                if ("mscorlib" != typeof(object).Assembly.GetName().Name)
                {
                    {|KPL1004:Environment.Exit|}(3);
                }
                else
                {
                    Environment.Exit(4);
                }

                if (typeof(string).Assembly.GetName().Name == "netstandard")
                {
                    {|KPL1004:Environment.Exit|}(5);
                }
            }
        }
        """).InRole("Module").RunAsync();

    /// <summary>The same resolver subscribed on .NET Framework only and everywhere; the two markers open the span the rule under test reports.</summary>
    private static string FrameworkOnlyResolver(string subscription, string load) => $$"""
        using System;
        using System.IO;
        using System.Reflection;

        static class Loader
        {
            static void Initialize()
            {
                if (typeof(object).Assembly.GetName().Name == "mscorlib")
                {
                    AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                    {
                        var file = Path.Combine(AppContext.BaseDirectory, new AssemblyName(args.Name).Name + ".dll");
                        return File.Exists(file) ? Assembly.LoadFrom(file) : null;
                    };
                }

                {{subscription}}AppDomain.CurrentDomain.AssemblyResolve += (_, args) => {{load}}Assembly.LoadFrom(args.Name){{(load.Length > 0 ? "|}" : "")}}{{(subscription.Length > 0 ? "|}" : "")}};
            }
        }
        """;

    [Fact]
    public Task A_load_that_runs_only_on_NET_Framework_is_not_reported()
        => AnalyzerSpec<LoadOutsideModuleContextAnalyzer>.For(FrameworkOnlyResolver("", "{|KPL2002:")).InRole("Module").RunAsync();

    [Fact]
    public Task A_subscription_made_only_on_NET_Framework_is_not_reported()
        => AnalyzerSpec<GlobalEventSubscriptionAnalyzer>.For(FrameworkOnlyResolver("{|KPL3003:", "")).InRole("Module").RunAsync();
}
