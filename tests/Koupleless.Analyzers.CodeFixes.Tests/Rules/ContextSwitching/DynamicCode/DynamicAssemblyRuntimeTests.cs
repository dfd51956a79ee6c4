using System;
using System.IO;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Emit;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching.DynamicCode;

/// <summary>
/// The run-time facts behind KPL2007 (docs/rules/KPL2007.md, "Measured", .NET 10.0.12): a proxy library
/// (<see cref="ProxyEmitter"/>) emits a type implementing a module's interface into an <c>AssemblyBuilder</c>, once shared
/// by the base (this test assembly, in the default context) and once loaded privately by the module (the same source
/// compiled into it). The module is then unloaded and watched. Each test pins what the runtime did; the rule follows.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class DynamicAssemblyRuntimeTests
{
    private const string NonCollectibleReference = "System.NotSupportedException: A non-collectible assembly may not reference a collectible assembly.";

    private const string ModuleSource = """
        using System;
        using System.Reflection.Emit;
        using System.Runtime.Loader;
        using Koupleless.Emit;

        namespace Module
        {
            public interface IWidget { string Name(); }

            public sealed class Widget : IWidget { public string Name() => "widget"; }

            public static class Entry
            {
                public static string Run(string scenario)
                {
                    try
                    {
                        switch (scenario)
                        {
                            case "Run": return Proxy(AssemblyBuilderAccess.Run, cache: false);
                            case "Run, cached": return Proxy(AssemblyBuilderAccess.Run, cache: true);
                            case "RunAndCollect": return Proxy(AssemblyBuilderAccess.RunAndCollect, cache: false);
                            case "RunAndCollect, cached": return Proxy(AssemblyBuilderAccess.RunAndCollect, cache: true);
                            case "Run, in scope":
                                using (AssemblyLoadContext.EnterContextualReflection(typeof(Entry).Assembly))
                                {
                                    return Proxy(AssemblyBuilderAccess.Run, cache: false);
                                }
                            case "Run, in scope, cached":
                                using (AssemblyLoadContext.EnterContextualReflection(typeof(Entry).Assembly))
                                {
                                    return Proxy(AssemblyBuilderAccess.Run, cache: true);
                                }
                            case "DynamicMethod, owned": return (string)ProxyEmitter.CallThroughDynamicMethod(new Widget(), typeof(IWidget), typeof(Widget))!;
                            case "DynamicMethod, anonymous": return (string)ProxyEmitter.CallThroughDynamicMethod(new Widget(), typeof(IWidget), null)!;
                            default: throw new ArgumentException(scenario);
                        }
                    }
                    catch (Exception e)
                    {
                        return e.GetType().FullName + ": " + e.Message;
                    }
                }

                private static string Proxy(AssemblyBuilderAccess access, bool cache)
                {
                    var proxy = ProxyEmitter.CreateProxy(typeof(IWidget), access, cache);
                    return ((IWidget)proxy).Name() + ", " + ProxyEmitter.Describe(proxy);
                }
            }
        }
        """;

    private static readonly Lazy<string> EmitterSource = new(() =>
    {
        using var stream = typeof(DynamicAssemblyRuntimeTests).Assembly.GetManifestResourceStream("ProxyEmitter.cs")!;
        return new StreamReader(stream).ReadToEnd();
    });

    // Shared by the base: the dynamic assembly is created in the caller's context (the default one) unless a contextual
    // reflection scope says otherwise, and a non-collectible one cannot reference the module's collectible assembly.

    [Fact]
    public void A_shared_library_emitting_with_Run_cannot_implement_a_module_interface()
        => AssertOutcome(shared: true, "Run", NonCollectibleReference, collected: true);

    [Fact]
    public void Inside_the_module_contextual_reflection_scope_Run_emits_a_collectible_assembly_in_the_module_context()
        => AssertOutcome(shared: true, "Run, in scope", "proxy, collectible in Module", collected: true);

    [Fact]
    public void Inside_the_scope_a_shared_cache_of_the_proxy_types_keeps_the_module()
        => AssertOutcome(shared: true, "Run, in scope, cached", "proxy, collectible in Module", collected: false);

    [Fact]
    public void A_shared_library_emitting_with_RunAndCollect_proxies_the_module_and_lets_it_unload()
        => AssertOutcome(shared: true, "RunAndCollect", "proxy, collectible in Default", collected: true);

    [Fact]
    public void With_RunAndCollect_a_shared_cache_of_the_proxy_types_keeps_the_module()
        => AssertOutcome(shared: true, "RunAndCollect, cached", "proxy, collectible in Default", collected: false);

    // Loaded privately by the module: the dynamic assembly belongs to the module's collectible context whatever the access.

    [Fact]
    public void A_private_copy_emitting_with_Run_creates_a_collectible_assembly_in_the_module_context_that_unloads()
        => AssertOutcome(shared: false, "Run", "proxy, collectible in Module", collected: true);

    [Fact]
    public void A_private_copy_may_cache_its_Run_proxies_in_its_own_statics_and_still_unload()
        => AssertOutcome(shared: false, "Run, cached", "proxy, collectible in Module", collected: true);

    [Fact]
    public void A_private_copy_emitting_with_RunAndCollect_unloads_too()
        => AssertOutcome(shared: false, "RunAndCollect, cached", "proxy, collectible in Module", collected: true);

    // DynamicMethod: lightweight code, collected with what it references.

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_anonymous_DynamicMethod_calling_a_module_interface_works_and_lets_the_module_unload(bool shared)
        => AssertOutcome(shared, "DynamicMethod, anonymous", "widget", collected: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_DynamicMethod_owned_by_a_module_class_works_and_lets_the_module_unload(bool shared)
        => AssertOutcome(shared, "DynamicMethod, owned", "widget", collected: true);

    private static void AssertOutcome(bool shared, string scenario, string expected, bool collected)
    {
        var image = shared
            ? ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { ModuleSource }, new[] { typeof(ProxyEmitter).Assembly.Location })
            : ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { ModuleSource, EmitterSource.Value });
        var context = ModuleRuntime.LoadRunAndUnload(image, expected, new object?[] { scenario });
        Assert.Equal(collected, ModuleRuntime.IsCollected(context, rounds: 30));
    }
}
