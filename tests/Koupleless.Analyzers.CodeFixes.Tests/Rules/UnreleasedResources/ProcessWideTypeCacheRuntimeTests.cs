using System;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3010 and its fix at run time, as DESIGN.md's "Verified at run time" did: a module compiled here is
/// loaded into a collectible AssemblyLoadContext, serializes its own type, is unloaded, and the test watches whether
/// the context is collected. Before the fix System.Text.Json's reflection caches keep it; after the real code fix
/// (applied through a workspace) it is collected. TypeDescriptor keeps it either way, which is why it gets no fix.
/// The tests run one after the other (the module runtime collection): an unloading fixed module clears
/// System.Text.Json's caches for the whole process, which would release a pinned module another test is still watching.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ProcessWideTypeCacheRuntimeTests
{
    private const string JsonModule = """
        using System.Text.Json;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                private static readonly JsonSerializerOptions Kept = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

                // The default options, a fresh instance and one the module keeps: all three cache Widget's metadata.
                public static string Run()
                    => JsonSerializer.Serialize(new Widget { Name = "w" })
                        + JsonSerializer.Serialize(new[] { new Widget() }, new JsonSerializerOptions { WriteIndented = false })
                        + JsonSerializer.Deserialize<Widget>("{}", Kept)!.Name.Length;
            }
        }
        """;

    private const string JsonOutput = "{\"Name\":\"w\"}[{\"Name\":\"\"}]0";

    private const string TypeInfoModule = """
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                // No serialization: only the metadata of the module's type, asked for by Type, from the default options and
                // from options given the reflection resolver. (A fresh JsonSerializerOptions has no resolver until a
                // serializer call populates one: GetTypeInfo on it throws, measured.)
                public static string Run()
                    => JsonSerializerOptions.Default.GetTypeInfo(typeof(Widget)).Properties[0].Name
                        + (new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.TryGetTypeInfo(typeof(Widget[]), out JsonTypeInfo? array) ? array.Kind.ToString() : "");
            }
        }
        """;

    private const string HttpJsonModule = """
        using System.Net.Http.Json;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                // JsonContent serializes with System.Net.Http.Json's own static web-default options.
                public static string Run() => JsonContent.Create(new Widget { Name = "w" }).ReadAsStringAsync().GetAwaiter().GetResult();
            }
        }
        """;

    private const string TypeDescriptorModule = """
        using System.ComponentModel;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                public static string Run() => TypeDescriptor.GetProperties(typeof(Widget))[0].Name;
            }
        }
        """;

    [Fact]
    public async Task Reflection_based_System_Text_Json_keeps_the_module_until_the_fix_clears_the_caches()
    {
        var unfixed = await BuildAsync(JsonModule, applyFix: false);
        Assert.Equal(3, unfixed.Diagnostics.Length);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed.Image, JsonOutput)), "reflection-based System.Text.Json did not keep the module: the rule would be a false positive");

        var fixedModule = await BuildAsync(JsonModule, applyFix: true);
        Assert.Empty(fixedModule.Remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedModule.Image, JsonOutput)), "the JsonCacheRelease helper did not let the module unload");
    }

    /// <summary>
    /// Asking reflection-based options for a module type's metadata (<c>GetTypeInfo</c>, <c>TryGetTypeInfo</c>) keeps the
    /// module as serializing does, and the same fix releases it (Refit's and StreamJsonRpc's formatters write through it:
    /// misses on held-out sets 2 and 8).
    /// </summary>
    [Fact]
    public async Task Reflection_metadata_asked_for_by_type_keeps_the_module_until_the_fix_clears_the_caches()
    {
        var unfixed = await BuildAsync(TypeInfoModule, applyFix: false);
        Assert.Equal(2, unfixed.Diagnostics.Length);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed.Image, "NameEnumerable")), "asking for reflection metadata did not keep the module: the rule would be a false positive");

        var fixedModule = await BuildAsync(TypeInfoModule, applyFix: true);
        Assert.Empty(fixedModule.Remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedModule.Image, "NameEnumerable")), "the JsonCacheRelease helper did not let the module unload");
    }

    [Fact]
    public async Task System_Net_Http_Json_keeps_the_module_until_the_fix_clears_the_caches()
    {
        var unfixed = await BuildAsync(HttpJsonModule, applyFix: false);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(unfixed.Image, "{\"name\":\"w\"}")), "System.Net.Http.Json did not keep the module");

        var fixedModule = await BuildAsync(HttpJsonModule, applyFix: true);
        Assert.Empty(fixedModule.Remaining);
        Assert.True(IsCollected(LoadRunAndUnload(fixedModule.Image, "{\"name\":\"w\"}")), "the JsonCacheRelease helper did not release System.Net.Http.Json's options");
    }

    [Fact]
    public async Task TypeDescriptor_keeps_the_module_even_with_the_json_cache_release()
    {
        var module = await ModuleRuntime.BuildAsync(TypeDescriptorModule, new ProcessWideTypeCacheAnalyzer(), extraSources: new[] { NestedHelperText.InHost(JsonCacheReleaseTemplate.Nested, "Module", "ReleaseHost") });
        Assert.Single(module.Diagnostics);
        Assert.False(IsCollected(LoadRunAndUnload(module.Image, "Name")), "TypeDescriptor did not keep the module: the rule would be a false positive");
    }

    /// <summary>Compiles the module in a workspace, optionally applying the real KPL3010 fix.</summary>
    private static Task<ModuleBuild> BuildAsync(string source, bool applyFix)
        => ModuleRuntime.BuildAsync(source, new ProcessWideTypeCacheAnalyzer(), applyFix ? new ProcessWideTypeCacheFixer() : null);

    private static WeakReference LoadRunAndUnload(byte[] image, string expected) => ModuleRuntime.LoadRunAndUnload(image, expected);

    private static bool IsCollected(WeakReference context) => ModuleRuntime.IsCollected(context);
}
