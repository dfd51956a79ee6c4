using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>
/// KPL2007: shared and base code define a dynamic assembly without the Collect flag; a type emitted there for a module's
/// type throws NotSupportedException. A private copy in a module emits into the module's collectible context (measured:
/// DynamicAssemblyRuntimeTests), so module code is not reported.
/// </summary>
public sealed class NonCollectibleDynamicAssemblyTests
{
    private const string ProxyBuilder = """
        using System;
        using System.Reflection;
        using System.Reflection.Emit;

        class ProxyBuilder
        {
            ModuleBuilder Create(string name)
            {
                var assembly = [|AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.Run)|];
                return assembly.DefineDynamicModule(name);
            }

            AssemblyBuilder WithAttributes(AssemblyName name)
                => [|AssemblyBuilder.DefineDynamicAssembly(name, access: AssemblyBuilderAccess.Run, assemblyAttributes: Array.Empty<CustomAttributeBuilder>())|];
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_Run_dynamic_assembly_is_reported_in_shared_and_base_code(string role)
        => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For(ProxyBuilder.Replace("[|", "{|KPL2007:")).InRole(role).RunAsync();

    [Fact]
    public Task Module_code_is_not_reported()
        => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For(ProxyBuilder.Replace("[|", "").Replace("|]", "")).InRole("Module").RunAsync();

    [Fact]
    public Task The_message_names_the_api_and_the_access()
        => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For("""
            using System.Reflection;
            using System.Reflection.Emit;

            class ProxyBuilder
            {
                const AssemblyBuilderAccess Access = AssemblyBuilderAccess.Run;

                AssemblyBuilder Create() => {|#0:AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Proxies"), Access)|};
            }
            """).InRole("Shared")
            .Expect(AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.Diagnostic("KPL2007").WithLocation(0)
                .WithArguments("AssemblyBuilder.DefineDynamicAssembly", "Run"))
            .RunAsync();

    [Theory]
    [InlineData("AssemblyBuilderAccess.RunAndCollect")]
    [InlineData("AssemblyBuilderAccess.Run | (AssemblyBuilderAccess)8")]
    [InlineData("access")]
    public Task A_collectible_or_unknown_access_is_not_reported(string access)
        => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For($$"""
            using System.Reflection;
            using System.Reflection.Emit;

            class ProxyBuilder
            {
                AssemblyBuilder Create(AssemblyBuilderAccess access)
                    => AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Proxies"), {{access}});
            }
            """).InRole("Shared").RunAsync();

    [Fact]
    public Task A_method_of_another_type_with_the_same_name_is_not_reported()
        => AnalyzerSpec<NonCollectibleDynamicAssemblyAnalyzer>.For("""
            using System.Reflection.Emit;

            static class Emitter
            {
                public static object DefineDynamicAssembly(string name, AssemblyBuilderAccess access) => name;

                static object Use() => DefineDynamicAssembly("Proxies", AssemblyBuilderAccess.Run);
            }
            """).InRole("Shared").RunAsync();
}
