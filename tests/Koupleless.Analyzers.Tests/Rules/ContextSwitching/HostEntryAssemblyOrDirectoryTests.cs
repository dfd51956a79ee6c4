using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2003: the host's entry assembly and base directory asked for by module code.</summary>
public sealed class HostEntryAssemblyOrDirectoryTests
{
    private const string Lookups = """
        using System;
        using System.IO;
        using System.Reflection;

        class Settings
        {
            string Find()
            {
                var entry = [|Assembly.GetEntryAssembly()|];
                var config = Path.Combine([|AppContext.BaseDirectory|], "module.json");
                var setup = [|AppDomain.CurrentDomain.SetupInformation.ApplicationBase|];
                var dependencies = [|Microsoft.Extensions.DependencyModel.DependencyContext.Default|];
                return [|AppDomain.CurrentDomain.BaseDirectory|] + entry?.GetName().Name + config + setup + dependencies;
            }
        }

        namespace Microsoft.Extensions.DependencyModel
        {
            // The shape of the package's type (matched by its metadata name), without downloading the package.
            public class DependencyContext
            {
                public static DependencyContext? Default => null;
                public static DependencyContext? Load(System.Reflection.Assembly assembly) => null;
            }
        }
        """;

    [Fact]
    public Task Host_lookups_are_reported_in_module_code()
        => AnalyzerSpec<HostEntryAssemblyOrDirectoryAnalyzer>.For(Lookups.Replace("[|", "{|KPL2003:")).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_are_not_reported(string role)
        => AnalyzerSpec<HostEntryAssemblyOrDirectoryAnalyzer>.For(Lookups.Replace("[|", "").Replace("|]", "")).InRole(role).RunAsync();

    [Fact]
    public Task The_modules_own_assembly_and_directory_are_not_reported()
        => AnalyzerSpec<HostEntryAssemblyOrDirectoryAnalyzer>.For("""
            using System.IO;
            using System.Reflection;

            class Settings
            {
                string Find()
                {
                    var own = typeof(Settings).Assembly;
                    var executing = Assembly.GetExecutingAssembly();
                    return Path.Combine(Path.GetDirectoryName(own.Location)!, "module.json") + executing.FullName;
                }
            }
            """).InRole("Module").RunAsync();
}
