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
                var trusted = (string?)[|AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")|];
                var depsFiles = [|AppDomain.CurrentDomain.GetData("APP_CONTEXT_DEPS_FILES")|];
                var nativeDirectories = (string?)[|AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES")|];
                var resourceRoots = (string?)[|AppContext.GetData("PLATFORM_RESOURCE_ROOTS")|];
                return [|AppDomain.CurrentDomain.BaseDirectory|] + entry?.GetName().Name + config + setup + dependencies + trusted + depsFiles
                    + nativeDirectories + resourceRoots;
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
                    var data = System.AppContext.GetData("DataDirectory");
                    var key = "TRUSTED_" + executing.GetName().Name;
                    var asked = System.AppDomain.CurrentDomain.GetData(key);
                    return Path.Combine(Path.GetDirectoryName(own.Location)!, "module.json") + executing.FullName + data + asked;
                }
            }
            """).InRole("Module").RunAsync();

    /// <summary>
    /// "Is this process program X?" and "on which framework?" — the host answers them rightly (measured wrong on eShop's
    /// build-tool check and Jackett's .NET Core check); the module's own name compared, or any other use, is reported.
    /// </summary>
    [Fact]
    public Task Asking_what_the_process_is_is_not_reported_but_using_the_entry_assembly_is() => AnalyzerSpec<HostEntryAssemblyOrDirectoryAnalyzer>.For("""
        using System;
        using System.Reflection;
        using System.Runtime.Versioning;

        class Environment
        {
            bool IsBuildTool() => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

            bool IsNotTool() => "dotnet-ef" != Assembly.GetEntryAssembly()!.GetName().Name;

            bool IsCore() => Assembly.GetEntryAssembly()?.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName.IndexOf("Core", StringComparison.Ordinal) >= 0;

            bool IsCoreByType() => Assembly.GetEntryAssembly()?.GetCustomAttribute(typeof(TargetFrameworkAttribute)) is TargetFrameworkAttribute;

            // The module's own name: always false in the base, so the module misjudges itself.
            bool IsSelf() => [|Assembly.GetEntryAssembly()|]?.GetName().Name == "TestProject";

            string? Name() => [|Assembly.GetEntryAssembly()|]?.GetName().Name;

            Version? Version() => [|Assembly.GetEntryAssembly()|]!.GetName().Version;

            bool Located() => [|Assembly.GetEntryAssembly()|]?.Location == "/app/module.dll";
        }
        """).RunAsync();

    /// <summary>
    /// Whether there is an entry assembly or a base directory answers the same in a module as alone (measured wrong on
    /// released packages: Cosmos's <c>GetEntryAssembly() != null</c>, Quartz's and Serilog's guards of the base directory),
    /// and so does a local that is only tested and asked for the framework (the decompiler's form of <c>?.</c>: Elasticsearch.Net,
    /// Google.Api.Gax). A local used for anything else, and the use after a guard, are still reported.
    /// </summary>
    [Fact]
    public Task Presence_tests_are_not_reported_but_the_use_after_them_is() => AnalyzerSpec<HostEntryAssemblyOrDirectoryAnalyzer>.For("""
        using System;
        using System.IO;
        using System.Reflection;
        using System.Runtime.Versioning;

        class Settings
        {
            bool Hosted() => Assembly.GetEntryAssembly() != null;

            bool NotHosted() => !(Assembly.GetEntryAssembly() is not null);

            string? Framework()
            {
                Assembly? entryAssembly = Assembly.GetEntryAssembly();
                return ((object?)entryAssembly == null) ? null : entryAssembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
            }

            string? Location()
            {
                Assembly? entryAssembly = [|Assembly.GetEntryAssembly()|];
                return entryAssembly == null ? null : entryAssembly.Location;
            }

            string Resolve(string name)
            {
                if (string.IsNullOrWhiteSpace(AppContext.BaseDirectory) || AppDomain.CurrentDomain.BaseDirectory is null)
                {
                    return name;
                }

                return Path.Combine([|AppContext.BaseDirectory|], name);
            }
        }
        """).InRole("Module").RunAsync();
}
