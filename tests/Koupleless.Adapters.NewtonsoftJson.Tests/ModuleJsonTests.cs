using System.Linq;
using Koupleless.Adapters.Tests;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Newtonsoft.Json;
using Xunit;

namespace Koupleless.Adapters.NewtonsoftJson.Tests;

/// <summary>
/// Newtonsoft.Json shared by the base (this test process loads it in the default context) and one module loaded twice
/// side by side, each copy reading a payload that names its <c>Widget</c> by type name.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ModuleJsonTests
{
    private const string TypeNameModule = """
        using Newtonsoft.Json;
        using Koupleless.Adapters.NewtonsoftJson;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                // Whether this copy got its own Widget back from a payload naming "Module.Widget, <this assembly>".
                public static bool Run()
                {
                    var settings = SETTINGS;
                    settings.TypeNameHandling = TypeNameHandling.Objects;
                    var json = "{\"$type\":\"Module.Widget, " + typeof(Entry).Assembly.GetName().Name + "\",\"Name\":\"w\"}";
                    return JsonConvert.DeserializeObject<object>(json, settings)!.GetType() == typeof(Widget);
                }
            }
        }
        """;

    private static string Module(string settings) => ModuleCopies.Compile(TypeNameModule.Replace("SETTINGS", settings), typeof(JsonConvert), typeof(ModuleJson));

    [Fact]
    public void Without_the_adapter_the_second_copy_gets_the_first_copys_type()
    {
        var (_, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("new JsonSerializerSettings()"));
        Assert.Equal(new object?[] { true, false }, results);
    }

    [Fact]
    public void With_the_adapters_settings_each_copy_gets_its_own_type()
    {
        var (_, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("ModuleJson.CreateSettings(typeof(Entry).Assembly)"));
        Assert.Equal(new object?[] { true, true }, results);
    }

    [Fact]
    public void The_binder_refuses_an_assembly_that_is_neither_the_modules_nor_the_frameworks()
    {
        var binder = new ModuleSerializationBinder(typeof(ModuleJsonTests).Assembly);
        Assert.Equal(typeof(ModuleJsonTests), binder.BindToType(typeof(ModuleJsonTests).Assembly.GetName().Name, typeof(ModuleJsonTests).FullName!));
        Assert.Equal(typeof(System.Collections.Generic.List<int>), binder.BindToType("System.Private.CoreLib", typeof(System.Collections.Generic.List<int>).FullName!));
        var refused = Assert.Throws<JsonSerializationException>(() => binder.BindToType("Newtonsoft.Json", "Newtonsoft.Json.Linq.JObject"));
        Assert.Contains("Newtonsoft.Json", refused.Message);
    }

    private const string SerializingModule = """
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;
        using Koupleless.Adapters;
        using Koupleless.Adapters.NewtonsoftJson;
        using Koupleless.Adapters.NewtonsoftJson.Tests;

        namespace Module
        {
            public enum Size { Small, Large }

            public sealed class Widget { public string Name { get; set; } = ""; public Size Size { get; set; } }

            public static class Entry
            {
                public static string Run()
                {
                    var assembly = typeof(Entry).Assembly;
                    return JsonConvert.SerializeObject(new Widget { Name = "w", Size = Size.Large }, SETTINGS);
                }
            }
        }
        """;

    private static string Serializing(string settings)
        => ModuleCopies.Compile(SerializingModule.Replace("SETTINGS", settings), typeof(JsonConvert), typeof(ModuleJson), typeof(PartialReleases));

    [Theory]
    [InlineData("new JsonSerializerSettings()")]
    [InlineData("new JsonSerializerSettings { ContractResolver = new DefaultContractResolver() }")]
    [InlineData("new JsonSerializerSettings { ContractResolver = new CamelCasePropertyNamesContractResolver() }")]
    public void Without_the_adapter_a_module_that_serialized_its_type_stays_loaded(string settings)
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Serializing(settings), explainRetention: false);
        Assert.Equal(2, results.Count);
        Assert.True(unloaded.Retained.Count == 2, "a shared Newtonsoft.Json let the copy go without the adapter");
    }

    [Theory]
    [InlineData("ModuleJson.CreateSettings(assembly)", "{\"Name\":\"w\",\"Size\":1}")]
    [InlineData("ModuleJson.CreateSettings(assembly, camelCase: true)", "{\"name\":\"w\",\"size\":1}")]
    // What the module serializes through the shared resolvers goes too, once it registered the release.
    [InlineData("ModuleJson.ReleaseOnUnload(assembly) ? new JsonSerializerSettings() : null", "{\"Name\":\"w\",\"Size\":1}")]
    [InlineData("ModuleJson.ReleaseOnUnload(assembly) ? new JsonSerializerSettings { ContractResolver = new CamelCasePropertyNamesContractResolver() } : null", "{\"name\":\"w\",\"size\":1}")]
    public void With_the_adapter_both_copies_unload(string settings, string json)
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Serializing(settings));
        Assert.Equal(new object?[] { json, json }, results);
        Assert.True(unloaded.IsCollected, "a copy stayed loaded although ModuleJson released the caches" + ": " + unloaded.Retention?.Format());
    }

    [Fact]
    public void The_type_name_reading_module_unloads_with_the_adapters_settings()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(Module("ModuleJson.CreateSettings(typeof(Entry).Assembly)"));
        Assert.Equal(new object?[] { true, true }, results);
        Assert.True(unloaded.IsCollected, "a copy stayed loaded although ModuleJson released the caches" + ": " + unloaded.Retention?.Format());
    }

    [Theory]
    [InlineData(nameof(PartialReleases.NewtonsoftOnly))]
    [InlineData(nameof(PartialReleases.TypeDescriptorOnly))]
    public void Newtonsofts_caches_and_TypeDescriptors_each_hold_the_module(string release)
    {
        var (unloaded, _) = ModuleCopies.LoadTwiceRunAndUnload(Serializing(
            $"ModuleUnload.Register(assembly, () => PartialReleases.{release}(assembly)) ? new JsonSerializerSettings {{ ContractResolver = new DefaultContractResolver() }} : null"), explainRetention: false);
        Assert.True(unloaded.Retained.Count == 2, $"{release} alone let the copy go: the other half of the release is not needed");
    }
}
