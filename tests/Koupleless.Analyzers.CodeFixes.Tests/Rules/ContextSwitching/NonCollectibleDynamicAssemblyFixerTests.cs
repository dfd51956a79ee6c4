using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

/// <summary>
/// KPL2007's fix: Run becomes RunAndCollect where the access is written as the Run member (the testing library also
/// applies Fix All to the document, project and solution); a constant of the code's own is left to the author.
/// </summary>
public sealed class NonCollectibleDynamicAssemblyFixerTests
{
    [Fact]
    public Task Run_becomes_RunAndCollect_and_a_constant_of_the_code_is_left_alone() => CodeFixSpec<NonCollectibleDynamicAssemblyAnalyzer, NonCollectibleDynamicAssemblyFixer>.For(
        """
        using System;
        using System.Reflection;
        using System.Reflection.Emit;
        using static System.Reflection.Emit.AssemblyBuilderAccess;

        class ProxyBuilder
        {
            const AssemblyBuilderAccess Access = AssemblyBuilderAccess.Run;

            AssemblyBuilder Create(string name) => {|KPL2007:AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.Run /* proxies */)|};

            AssemblyBuilder Qualified(AssemblyName name)
                => {|KPL2007:AssemblyBuilder.DefineDynamicAssembly(assemblyAttributes: Array.Empty<CustomAttributeBuilder>(), access: System.Reflection.Emit.AssemblyBuilderAccess.Run, name: name)|};

            AssemblyBuilder Imported(AssemblyName name) => {|KPL2007:AssemblyBuilder.DefineDynamicAssembly(name, Run)|};

            AssemblyBuilder Constant(AssemblyName name) => {|KPL2007:AssemblyBuilder.DefineDynamicAssembly(name, Access)|};
        }
        """,
        """
        using System;
        using System.Reflection;
        using System.Reflection.Emit;
        using static System.Reflection.Emit.AssemblyBuilderAccess;

        class ProxyBuilder
        {
            const AssemblyBuilderAccess Access = AssemblyBuilderAccess.Run;

            AssemblyBuilder Create(string name) => AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.RunAndCollect /* proxies */);

            AssemblyBuilder Qualified(AssemblyName name)
                => AssemblyBuilder.DefineDynamicAssembly(assemblyAttributes: Array.Empty<CustomAttributeBuilder>(), access: System.Reflection.Emit.AssemblyBuilderAccess.RunAndCollect, name: name);

            AssemblyBuilder Imported(AssemblyName name) => AssemblyBuilder.DefineDynamicAssembly(name, RunAndCollect);

            AssemblyBuilder Constant(AssemblyName name) => {|KPL2007:AssemblyBuilder.DefineDynamicAssembly(name, Access)|};
        }
        """).InRole("Shared").RemainingAfterFix().RunAsync();
}
