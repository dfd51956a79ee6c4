using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class NameBasedResolutionFixerTests
{
    [Fact]
    public Task AppDomain_forwarders_in_module_code_become_the_caller_context_members() => CodeFixSpec<NameBasedResolutionAnalyzer, NameBasedResolutionFixer>.For(
        """
        using System;

        class PluginLoader
        {
            object? Load(string assembly, string type)
            {
                var loaded = {|KPL2001:AppDomain.CurrentDomain.Load(assembly)|}; // the module's own dependency
                var handle = {|KPL2001:AppDomain.CurrentDomain.CreateInstance(assembly, type)|};
                var text = {|KPL2001:AppDomain.CurrentDomain.CreateInstanceAndUnwrap(assembly, type)|}.ToString();
                return {|KPL2001:AppDomain.CurrentDomain.CreateInstanceAndUnwrap(assembly, type, new object[0])|};
            }
        }
        """,
        """
        using System;
        using System.Reflection;

        class PluginLoader
        {
            object? Load(string assembly, string type)
            {
                var loaded = Assembly.Load(assembly); // the module's own dependency
                var handle = Activator.CreateInstance(assembly, type);
                var text = (Activator.CreateInstance(assembly, type)?.Unwrap()).ToString();
                return Activator.CreateInstance(assembly, type, new object[0])?.Unwrap();
            }
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task Shared_code_has_no_mechanical_fix() => CodeFixSpec<NameBasedResolutionAnalyzer, NameBasedResolutionFixer>.For(
        """
        using System;

        class Registry
        {
            Type? Find(string name) => {|KPL2001:Type.GetType(name)|};

            object Load(string name) => {|KPL2001:AppDomain.CurrentDomain.Load(name)|};
        }
        """,
        """
        using System;

        class Registry
        {
            Type? Find(string name) => {|KPL2001:Type.GetType(name)|};

            object Load(string name) => {|KPL2001:AppDomain.CurrentDomain.Load(name)|};
        }
        """).InRole("Shared").KeepingUnfixedDiagnostics().RunAsync();

    [Fact]
    public Task Fix_all_covers_every_document() => CodeFixSpec<NameBasedResolutionAnalyzer, NameBasedResolutionFixer>.For(
        """
        class First
        {
            object Load(string name) => {|KPL2001:System.AppDomain.CurrentDomain.Load(name)|};
        }
        """,
        """
        using System.Reflection;

        class First
        {
            object Load(string name) => Assembly.Load(name);
        }
        """).WithSecondDocument(
        """
        using System;
        using System.Reflection;

        class Second
        {
            Assembly Load(AssemblyName name) => {|KPL2001:AppDomain.CurrentDomain.Load(name)|};
        }
        """,
        """
        using System;
        using System.Reflection;

        class Second
        {
            Assembly Load(AssemblyName name) => Assembly.Load(name);
        }
        """).RunAsync();
}
