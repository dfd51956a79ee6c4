using System;
using System.Linq;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// The run-time facts behind KPL3012 (docs/rules/KPL3012.md, "Why — measured"): a module creates a load context of its own
/// (a plugin loader does), optionally loads an assembly into it, never unloads it, and is then unloaded itself. Each test
/// pins whether the module went and whether the child context is still alive in the process afterwards; the last one
/// does the same for a module before and after KPL3007's real code fix.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class NonCollectibleLoadContextRuntimeTests
{
    private const string ModuleSource = """
        using System;
        using System.IO;
        using System.Reflection;
        using System.Runtime.Loader;

        namespace Module
        {
            public sealed class ChildContext : AssemblyLoadContext
            {
                public ChildContext(string name, bool isCollectible) : base(name, isCollectible) { }

                protected override Assembly? Load(AssemblyName assemblyName) => null;
            }

            public static class Entry
            {
                public static string Run(string scenario, string childName, byte[] plugin)
                {
                    AssemblyLoadContext child = scenario switch
                    {
                        "framework type" or "framework type, loads a plugin" or "framework type, Resolving handler"
                            => new AssemblyLoadContext(childName),
                        "framework type, collectible, loads a plugin" => new AssemblyLoadContext(childName, isCollectible: true),
                        "own type" => new ChildContext(childName, isCollectible: false),
                        "own type, collectible, loads a plugin" => new ChildContext(childName, isCollectible: true),
                        _ => throw new ArgumentException(scenario),
                    };
                    if (scenario.EndsWith("Resolving handler"))
                    {
                        child.Resolving += (context, name) => null;
                    }

                    if (scenario.EndsWith("loads a plugin"))
                    {
                        child.LoadFromStream(new MemoryStream(plugin)).GetType("Plugin.Widget", throwOnError: true);
                    }

                    return child.IsCollectible ? "collectible" : "non-collectible";
                }
            }
        }
        """;

    // A plugin loader's own context type, as McMaster.NETCore.Plugins writes it, with the collectibility left out.
    private const string OwnContextModule = """
        using System.Runtime.Loader;

        namespace Module
        {
            public sealed class PluginContext : AssemblyLoadContext
            {
                public PluginContext(string name) : base(name) { }
            }

            public static class Entry
            {
                public static string Run(string scenario, string childName, byte[] plugin)
                {
                    new PluginContext(childName).LoadFromStream(new System.IO.MemoryStream(plugin));
                    return "loaded";
                }
            }
        }
        """;

    private const string PluginSource = "namespace Plugin { public sealed class Widget { } }";

    [Fact]
    public void A_non_collectible_context_of_the_framework_type_lets_the_module_go_but_outlives_it()
        => AssertOutcome("framework type", "non-collectible", moduleCollected: true, childOutlivesModule: true);

    [Fact]
    public void An_assembly_loaded_into_a_non_collectible_context_stays_after_the_module_is_gone()
        => AssertOutcome("framework type, loads a plugin", "non-collectible", moduleCollected: true, childOutlivesModule: true);

    [Fact]
    public void A_module_handler_on_a_non_collectible_context_keeps_the_module()
        => AssertOutcome("framework type, Resolving handler", "non-collectible", moduleCollected: false, childOutlivesModule: true);

    [Fact]
    public void A_non_collectible_context_of_a_module_type_keeps_the_module()
        => AssertOutcome("own type", "non-collectible", moduleCollected: false, childOutlivesModule: true);

    [Fact]
    public void A_collectible_child_context_never_unloaded_goes_with_the_module()
        => AssertOutcome("framework type, collectible, loads a plugin", "collectible", moduleCollected: true, childOutlivesModule: false);

    [Fact]
    public void A_collectible_child_context_of_a_module_type_goes_with_the_module()
        => AssertOutcome("own type, collectible, loads a plugin", "collectible", moduleCollected: true, childOutlivesModule: false);

    [Fact]
    public async Task The_fix_lets_a_module_with_its_own_context_type_unload_and_takes_the_child_with_it()
    {
        var unfixed = await ModuleRuntime.BuildAsync(OwnContextModule, new NonCollectibleLoadContextAnalyzer(), assemblyName: ModuleRuntime.UniqueAssemblyName());
        Assert.Single(unfixed.Diagnostics);
        AssertImage(unfixed.Image, "anything", "loaded", moduleCollected: false, childOutlivesModule: true);

        var fixedBuild = await ModuleRuntime.BuildAsync(OwnContextModule, new NonCollectibleLoadContextAnalyzer(), new NonCollectibleLoadContextFixer(), assemblyName: ModuleRuntime.UniqueAssemblyName());
        Assert.Empty(fixedBuild.Remaining);
        Assert.Contains("base(name, isCollectible: true)", fixedBuild.Source);
        AssertImage(fixedBuild.Image, "anything", "loaded", moduleCollected: true, childOutlivesModule: false);
    }

    private static void AssertOutcome(string scenario, string expected, bool moduleCollected, bool childOutlivesModule)
        => AssertImage(ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { ModuleSource }), scenario, expected, moduleCollected, childOutlivesModule);

    private static void AssertImage(byte[] module, string scenario, string expected, bool moduleCollected, bool childOutlivesModule)
    {
        var plugin = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { PluginSource });
        var childName = "Child" + Guid.NewGuid().ToString("N");
        var context = ModuleRuntime.LoadRunAndUnload(module, expected, new object?[] { scenario, childName, plugin });

        Assert.Equal(moduleCollected, ModuleRuntime.IsCollected(context, rounds: 30));
        Assert.Equal(childOutlivesModule, AssemblyLoadContext.All.Any(child => child.Name == childName));
    }
}
