using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class AllAssembliesEnumerationFixerTests
{
    [Fact]
    public Task Enumerations_keep_the_enumerable_and_arrays_get_ToArray() => CodeFixSpec<AllAssembliesEnumerationAnalyzer, AllAssembliesEnumerationFixer>.For(
        """
        using System;
        using System.Collections.Generic;
        using System.Reflection;

        class Registry
        {
            void Scan(List<Type> found)
            {
                foreach (var assembly in {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|})
                {
                    found.AddRange(assembly.GetTypes());
                }

                IEnumerable<Assembly> all = {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|};
                Assembly[] array = /* copy */ {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|};
                Console.WriteLine(array.Length);
            }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Reflection;
        using System.Runtime.Loader;

        class Registry
        {
            void Scan(List<Type> found)
            {
                foreach (var assembly in AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Assemblies)
                {
                    found.AddRange(assembly.GetTypes());
                }

                IEnumerable<Assembly> all = AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Assemblies;
                Assembly[] array = /* copy */ AssemblyLoadContext.GetLoadContext(typeof(Registry).Assembly)!.Assemblies.ToArray();
                Console.WriteLine(array.Length);
            }
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task Fix_all_covers_every_document_and_reuses_imports() => CodeFixSpec<AllAssembliesEnumerationAnalyzer, AllAssembliesEnumerationFixer>.For(
        """
        using System;
        using System.Linq;

        class First
        {
            int Count() => {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Count() + {|KPL2004:AppDomain.CurrentDomain.GetAssemblies()|}.Length;
        }
        """,
        """
        using System;
        using System.Linq;
        using System.Runtime.Loader;

        class First
        {
            int Count() => AssemblyLoadContext.GetLoadContext(typeof(First).Assembly)!.Assemblies.Count() + AssemblyLoadContext.GetLoadContext(typeof(First).Assembly)!.Assemblies.ToArray().Length;
        }
        """).WithSecondDocument(
        """
        class Second
        {
            object All() => {|KPL2004:System.AppDomain.CurrentDomain.GetAssemblies()|};
        }
        """,
        """
        using System.Runtime.Loader;

        class Second
        {
            object All() => AssemblyLoadContext.GetLoadContext(typeof(Second).Assembly)!.Assemblies;
        }
        """).RunAsync();
}
