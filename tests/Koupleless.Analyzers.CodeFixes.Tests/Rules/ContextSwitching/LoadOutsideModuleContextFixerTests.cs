using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class LoadOutsideModuleContextFixerTests
{
    [Fact]
    public Task Paths_and_images_load_into_the_modules_own_context() => CodeFixSpec<LoadOutsideModuleContextAnalyzer, LoadOutsideModuleContextFixer>.For(
        """
        using System.Reflection;

        namespace Plugins
        {
            class Loader<T>
            {
                Assembly[] Load(string relative, string absolute, byte[] image)
                {
                    return new[]
                    {
                        {|KPL2002:Assembly.LoadFrom(relative)|}, // relative to the current directory
                        {|KPL2002:Assembly.LoadFile(absolute)|},
                        {|KPL2002:Assembly.LoadFrom("/opt/plugins/a.dll")|},
                        /* image */ {|KPL2002:Assembly.Load(image)|},
                    };
                }
            }
        }
        """,
        """
        using System.IO;
        using System.Reflection;
        using System.Runtime.Loader;

        namespace Plugins
        {
            class Loader<T>
            {
                Assembly[] Load(string relative, string absolute, byte[] image)
                {
                    return new[]
                    {
                        AssemblyLoadContext.GetLoadContext(typeof(Loader<T>).Assembly)!.LoadFromAssemblyPath(Path.GetFullPath(relative)), // relative to the current directory
                        AssemblyLoadContext.GetLoadContext(typeof(Loader<T>).Assembly)!.LoadFromAssemblyPath(absolute),
                        AssemblyLoadContext.GetLoadContext(typeof(Loader<T>).Assembly)!.LoadFromAssemblyPath("/opt/plugins/a.dll"),
                        /* image */ AssemblyLoadContext.GetLoadContext(typeof(Loader<T>).Assembly)!.LoadFromStream(new MemoryStream(image)),
                    };
                }
            }
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task Fix_all_covers_every_document_and_leaves_unfixable_loads() => CodeFixSpec<LoadOutsideModuleContextAnalyzer, LoadOutsideModuleContextFixer>.For(
        """
        using System;
        using System.Reflection;

        class First
        {
            object Load(string path, byte[] image, byte[] symbols)
            {
                var a = {|KPL2002:Assembly.UnsafeLoadFrom(System.IO.Path.GetFullPath(path))|};
                var b = {|KPL2002:Assembly.Load(image, symbols)|};
                return {|KPL2002:Activator.CreateInstanceFrom(path, "Plugin.Entry")|};
            }
        }
        """,
        """
        using System;
        using System.Reflection;
        using System.Runtime.Loader;

        class First
        {
            object Load(string path, byte[] image, byte[] symbols)
            {
                var a = AssemblyLoadContext.GetLoadContext(typeof(First).Assembly)!.LoadFromAssemblyPath(System.IO.Path.GetFullPath(path));
                var b = {|KPL2002:Assembly.Load(image, symbols)|};
                return {|KPL2002:Activator.CreateInstanceFrom(path, "Plugin.Entry")|};
            }
        }
        """).WithSecondDocument(
        """
        class Second
        {
            System.Reflection.Assembly Load(string path) => {|KPL2002:System.Reflection.Assembly.LoadFrom(path)|};

            System.Reflection.Assembly Explicit(string path) => {|KPL2002:System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(path)|};
        }
        """,
        """
        using System.IO;
        using System.Runtime.Loader;

        class Second
        {
            System.Reflection.Assembly Load(string path) => AssemblyLoadContext.GetLoadContext(typeof(Second).Assembly)!.LoadFromAssemblyPath(Path.GetFullPath(path));

            System.Reflection.Assembly Explicit(string path) => AssemblyLoadContext.GetLoadContext(typeof(Second).Assembly)!.LoadFromAssemblyPath(path);
        }
        """).RunAsync();
}
