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

    private static byte[] Module(string settings) => ModuleCopies.Compile(TypeNameModule.Replace("SETTINGS", settings), typeof(JsonConvert), typeof(ModuleJson));

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

    /// <summary>
    /// What the adapter cannot release, measured: whatever settings the module used (the shared default resolver, a
    /// resolver of its own, the camel-case resolver's static cache, or the adapter's), serializing one of its types
    /// through a shared Newtonsoft keeps a copy loaded (Newtonsoft's static caches and TypeDescriptor; docs page).
    /// </summary>
    [Theory]
    [InlineData("new JsonSerializerSettings()")]
    [InlineData("new JsonSerializerSettings { ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver() }")]
    [InlineData("ModuleJson.CreateSettings(typeof(Entry).Assembly)")]
    public void A_module_that_serialized_its_type_through_a_shared_Newtonsoft_stays_loaded(string settings)
    {
        var (contexts, results) = ModuleCopies.LoadTwiceRunAndUnload(Module(settings));
        Assert.Equal(2, results.Count);
        Assert.False(contexts.All(c => ModuleRuntime.IsCollected(c)), "both copies unloaded: the adapter's docs page (what it cannot release) is out of date");
    }
}
