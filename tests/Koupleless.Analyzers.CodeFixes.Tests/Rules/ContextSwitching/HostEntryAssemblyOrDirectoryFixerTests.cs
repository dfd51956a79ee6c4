using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class HostEntryAssemblyOrDirectoryFixerTests
{
    [Fact]
    public Task Host_lookups_become_the_modules_own_assembly_and_directory() => CodeFixSpec<HostEntryAssemblyOrDirectoryAnalyzer, HostEntryAssemblyOrDirectoryFixer>.For(
        """
        using System;
        using System.Reflection;

        class Settings
        {
            string Find()
            {
                var entry = {|KPL2003:Assembly.GetEntryAssembly()|}; // the module's, not the host's
                var config = System.IO.Path.Combine({|KPL2003:AppContext.BaseDirectory|}, "module.json");
                var data = {|KPL2003:AppDomain.CurrentDomain.BaseDirectory|} + "data.db";
                var length = {|KPL2003:AppContext.BaseDirectory|}.Length;
                var setup = {|KPL2003:AppDomain.CurrentDomain.SetupInformation.ApplicationBase|};
                return entry?.GetName().Name + config + data + length + setup;
            }
        }
        """,
        """
        using System;
        using System.IO;
        using System.Reflection;

        class Settings
        {
            string Find()
            {
                var entry = typeof(Settings).Assembly; // the module's, not the host's
                var config = System.IO.Path.Combine(Path.GetDirectoryName(typeof(Settings).Assembly.Location)!, "module.json");
                var data = Path.GetDirectoryName(typeof(Settings).Assembly.Location) + Path.DirectorySeparatorChar + "data.db";
                var length = (Path.GetDirectoryName(typeof(Settings).Assembly.Location) + Path.DirectorySeparatorChar).Length;
                var setup = Path.GetDirectoryName(typeof(Settings).Assembly.Location) + Path.DirectorySeparatorChar;
                return entry?.GetName().Name + config + data + length + setup;
            }
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task Fix_all_covers_every_document() => CodeFixSpec<HostEntryAssemblyOrDirectoryAnalyzer, HostEntryAssemblyOrDirectoryFixer>.For(
        """
        // Settings lookup
        class First
        {
            string Directory() => {|KPL2003:System.AppContext.BaseDirectory|};
        }
        """,
        """
        // Settings lookup
        using System.IO;

        class First
        {
            string Directory() => Path.GetDirectoryName(typeof(First).Assembly.Location) + Path.DirectorySeparatorChar;
        }
        """).WithSecondDocument(
        """
        using System.Reflection;

        class Second
        {
            string Name() => {|KPL2003:Assembly.GetEntryAssembly()|}!.GetName().Name!;
        }
        """,
        """
        using System.Reflection;

        class Second
        {
            string Name() => typeof(Second).Assembly!.GetName().Name!;
        }
        """).RunAsync();

    private const string DependencyModelStub = """
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
    public Task The_default_dependency_context_becomes_the_modules_own() => CodeFixSpec<HostEntryAssemblyOrDirectoryAnalyzer, HostEntryAssemblyOrDirectoryFixer>.For(
        """
        using System.Linq;

        class Scanner
        {
            int Count() => {|KPL2003:Microsoft.Extensions.DependencyModel.DependencyContext.Default|} is { } context ? 1 : 0;
        }
        """,
        """
        using System.Linq;
        using Microsoft.Extensions.DependencyModel;

        class Scanner
        {
            int Count() => DependencyContext.Load(typeof(Scanner).Assembly) is { } context ? 1 : 0;
        }
        """).WithSecondDocument(DependencyModelStub, DependencyModelStub).RunAsync();
}
