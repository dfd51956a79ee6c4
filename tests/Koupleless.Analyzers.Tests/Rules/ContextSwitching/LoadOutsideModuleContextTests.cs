using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2002: module code loading assemblies into the default or an anonymous context; Shared and Base code load there on purpose.</summary>
public sealed class LoadOutsideModuleContextTests
{
    private const string Loads = """
        using System;
        using System.IO;
        using System.Reflection;
        using System.Runtime.Loader;

        class PluginLoader
        {
            object Load(string path, byte[] image, byte[] symbols, Stream stream)
            {
                var g = [|AssemblyLoadContext.Default.LoadFromAssemblyPath(path)|];
                var h = [|AssemblyLoadContext.Default.LoadFromStream(stream)|];
                var a = [|Assembly.LoadFrom(path)|];
                var b = [|Assembly.UnsafeLoadFrom(path)|];
                var c = [|Assembly.LoadFile(path)|];
                var d = [|Assembly.Load(image)|];
                var e = [|Assembly.Load(image, symbols)|];
                var f = [|AppDomain.CurrentDomain.Load(image)|];
                return [|Activator.CreateInstanceFrom(path, "Plugin.Entry")|];
            }
        }
        """;

    [Fact]
    public Task Loads_outside_the_modules_context_are_reported_in_module_code()
        => AnalyzerSpec<LoadOutsideModuleContextAnalyzer>.For(Loads.Replace("[|", "{|KPL2002:")).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_are_not_reported(string role)
        => AnalyzerSpec<LoadOutsideModuleContextAnalyzer>.For(Loads.Replace("[|", "").Replace("|]", "")).InRole(role).RunAsync();

    [Fact]
    public Task Loading_through_the_modules_own_context_is_not_reported()
        => AnalyzerSpec<LoadOutsideModuleContextAnalyzer>.For("""
            using System.IO;
            using System.Reflection;
            using System.Runtime.Loader;

            class PluginLoader
            {
                Assembly Load(string path, byte[] image, string name)
                {
                    var context = AssemblyLoadContext.GetLoadContext(typeof(PluginLoader).Assembly)!;
                    context.LoadFromAssemblyPath(Path.GetFullPath(path));
                    context.LoadFromStream(new MemoryStream(image));
                    Assembly.Load(name); // resolves in the module's own context (measured)
                    return Assembly.GetExecutingAssembly();
                }
            }
            """).InRole("Module").RunAsync();
}
