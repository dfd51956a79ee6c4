using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2004: AppDomain.GetAssemblies() in module code lists every module's assemblies.</summary>
public sealed class AllAssembliesEnumerationTests
{
    private const string Scan = """
        using System;
        using System.Linq;

        class Registry
        {
            int Count()
            {
                var domain = AppDomain.CurrentDomain;
                return [|AppDomain.CurrentDomain.GetAssemblies()|].Length
                    + [|domain.GetAssemblies()|].SelectMany(a => a.GetTypes()).Count();
            }
        }
        """;

    [Fact]
    public Task Enumerating_every_assembly_is_reported_in_module_code()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Scan.Replace("[|", "{|KPL2004:")).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_are_not_reported(string role)
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For(Scan.Replace("[|", "").Replace("|]", "")).InRole(role).RunAsync();

    [Fact]
    public Task The_modules_own_context_is_not_reported()
        => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
            using System.Linq;
            using System.Runtime.Loader;

            class Registry
            {
                int Count() => AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Assemblies.Count();
            }
            """).InRole("Module").RunAsync();
}
