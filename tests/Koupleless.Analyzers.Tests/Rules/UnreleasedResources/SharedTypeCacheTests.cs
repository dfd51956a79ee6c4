using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Robustness;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 in Shared and Base code: a member a module calls hands the module's type (a parameter, its GetType(), a type
/// argument) to a framework cache that keeps it for good. Measured from shared code: TypeDescriptor.GetConverter and
/// DataAnnotations validation on a module type keep the module (SharedStorageRetentionRuntimeTests).
/// </summary>
public sealed class SharedTypeCacheTests
{
    private static AnalyzerSpec<SharedStaticStateAnalyzer> Shared(string source) => AnalyzerSpec<SharedStaticStateAnalyzer>.For(source).InRole("Shared");

    [Fact]
    public Task A_callers_type_handed_to_TypeDescriptor_System_Text_Json_or_DataAnnotations_is_reported() => Shared("""
        using System;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json;

        public sealed class Converter
        {
            private readonly JsonSerializerOptions _options = new JsonSerializerOptions { WriteIndented = true };

            public object? Convert(string text, Type target) => Find(target).ConvertFromInvariantString(text);

            public string Save<T>(T value) => {|KPL3010:JsonSerializer.Serialize(value, _options)|};

            public bool Check(object options) => {|KPL3010:Validator.TryValidateObject(options, new ValidationContext(options), null, true)|};

            private static TypeConverter Find(Type type) => {|#0:TypeDescriptor.GetConverter(type)|};
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
            .WithArguments("TypeDescriptor.GetConverter", "'Converter.Convert'", "the TypeDescriptor cache",
                "let callers pass the converter or descriptor, or avoid TypeDescriptor for their types"))
        .RunAsync();

    /// <summary>
    /// A caller's type reaches the cache through a value that can hold one: not the library's sealed classes, nor its
    /// concrete models of such values (only a module's subclass of the model could bring one, not a use: LABELLING.md,
    /// stop 39; OllamaSharp's DeleteModelRequest over its abstract OllamaRequest, held-out set 18), but an abstract
    /// model, a model with an object member, or a model whose base comes from elsewhere.
    /// </summary>
    [Fact]
    public Task The_librarys_sealed_types_and_closed_models_are_not_reported_but_open_ones_are() => Shared("""
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Text.Json;

        public sealed class Settings { public int Retries { get; set; } }

        public class OpenSettings { public int Retries { get; set; } public List<Level> Levels { get; set; } }

        public abstract class Request { public Dictionary<string, string> Headers { get; } = new(); }

        public class Level : Request { public string Name { get; set; } public Shade Shade; }

        public enum Shade { Light, Dark }

        public class ToolRequest { public string Model { get; set; } public IEnumerable<object> Tools { get; set; } }

        public abstract class Message { public string Id { get; set; } }

        public class Envelope : EventArgs { public string Id { get; set; } }

        public static class Defaults
        {
            public static TypeConverter IntConverter() => TypeDescriptor.GetConverter(typeof(int));

            public static string Save(Settings settings) => JsonSerializer.Serialize(settings);

            public static string SaveOpen(OpenSettings settings) => JsonSerializer.Serialize(settings);

            public static string SaveTools(ToolRequest request) => {|KPL3010:JsonSerializer.Serialize(request)|};

            public static string SaveMessage(Message message) => {|KPL3010:JsonSerializer.Serialize(message)|};

            public static string SaveLevel(Level level) => JsonSerializer.Serialize(level);

            public static string SaveEnvelope(Envelope envelope) => {|KPL3010:JsonSerializer.Serialize(envelope)|};

            public static string Describe(string name) => TypeDescriptor.GetClassName(typeof(Settings)) + name;
        }
        """).RunAsync();

    /// <summary>
    /// A model whose <c>object</c> member only its constructors set, each from a parameter of the library's sealed types,
    /// is a closed union (Anthropic's list items, held-out set 22: measured noise); one a constructor sets from an
    /// <c>object</c> parameter, or with a setter, still carries the caller's.
    /// </summary>
    [Fact]
    public Task A_union_its_constructors_close_is_a_closed_model_but_an_open_one_is_not() => Shared("""
        using System.Collections.Generic;
        using System.Text.Json;

        public sealed class Memory { public string Path { get; set; } = ""; }
        public sealed class Prefix { public string Path { get; set; } = ""; }

        public record Item
        {
            public object? Value { get; }
            public Item(Memory value) { Value = value; }
            public Item(Prefix value) { this.Value = value; }
            public Item(JsonElement element) { }
        }

        public record OpenItem
        {
            public object? Value { get; }
            public OpenItem(Memory value) { Value = value; }
            public OpenItem(object value) { Value = value; }
        }

        public record SettableItem
        {
            public object? Value { get; set; }
            public SettableItem(Memory value) { Value = value; }
        }

        public static class Pages
        {
            public static string Show(IReadOnlyList<Item> items) => JsonSerializer.Serialize(items);

            public static string ShowOpen(IReadOnlyList<OpenItem> items) => {|KPL3010:JsonSerializer.Serialize(items)|};

            public static string ShowSettable(SettableItem item) => {|KPL3010:JsonSerializer.Serialize(item)|};
        }
        """).RunAsync();

    /// <summary>
    /// The object a member runs on is a module's only when the module derives from the member's type: an abstract type
    /// is there to be derived (CommunityToolkit.Mvvm's ObservableValidator), a concrete model is used as it is
    /// (InfluxDB.Client's generated models serializing themselves in ToJson(), held-out set 12).
    /// </summary>
    /// <summary>
    /// A graph the member builds itself holds what it was built from: a dictionary of the caller's texts and numbers, or of
    /// the object's own text settings, cannot bring a caller's type, whatever its static type (Baidu.AI's request
    /// dictionary, KubernetesClient's exec-credential dictionary: Shared-role noise on held-out sets 13 and 21); one given
    /// the caller's object can.
    /// </summary>
    [Fact]
    public Task A_graph_built_from_texts_and_numbers_is_not_reported_but_one_holding_the_callers_object_is() => Shared("""
        using System.Collections.Generic;
        using System.Text.Json;

        public class Speech
        {
            public string ApiKey { get; set; } = "";

            public string Request(string cuid, int rate)
                => JsonSerializer.Serialize(new Dictionary<string, object> { { "apiKey", ApiKey }, { "cuid", cuid }, { "rate", rate } });

            public string Exec(string version)
            {
                var info = new Dictionary<string, object> { ["apiVersion"] = version, ["kind"] = "ExecCredentials" };
                info["spec"] = new Dictionary<string, object> { ["interactive"] = false };
                return JsonSerializer.Serialize(info);
            }

            public string Wrap(string name, object payload)
                => {|KPL3010:JsonSerializer.Serialize(new Dictionary<string, object> { { "name", name }, { "payload", payload } })|};
        }
        """).RunAsync();

    /// <summary>
    /// A public constructor handing the caller's object to <c>new BinaryData(data, null, type)</c> (Azure.Messaging.EventGrid's
    /// <c>EventGridEvent</c>) caches the caller's type in System.Text.Json's default metadata; a text does not.
    /// </summary>
    [Fact]
    public Task A_callers_object_given_to_the_BinaryData_constructor_is_reported() => Shared("""
        using System;

        public sealed class Event
        {
            public Event(string subject, object data) => Data = {|KPL3010:new BinaryData(data, options: null, data?.GetType())|};

            public Event(string subject) => Data = new BinaryData(subject);

            public BinaryData Data { get; }
        }
        """).WithReferences(TestReferences.SystemMemoryData).RunAsync();

    [Fact]
    public Task The_object_a_member_runs_on_counts_only_when_its_type_is_abstract() => Shared("""
        using System.ComponentModel;

        public class Bucket
        {
            public string Name { get; set; }

            public PropertyDescriptorCollection Describe() => TypeDescriptor.GetProperties(this);
        }

        public abstract class ViewModel
        {
            public PropertyDescriptorCollection Describe() => {|KPL3010:TypeDescriptor.GetProperties(this)|};
        }
        """).RunAsync();

    [Fact]
    public Task Module_code_is_judged_by_the_module_rule_not_the_flow() => AnalyzerSpec<SharedStaticStateAnalyzer>.For("""
        using System;
        using System.ComponentModel;

        public static class Converters
        {
            public static TypeConverter Find(Type type) => TypeDescriptor.GetConverter(type);
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// The diagnostic names the members a module calls as catalog IDs and the cache in words: `koupleless scan
    /// --emit-catalog` writes them as KPL3010 lines for the modules' analyzers.
    /// </summary>
    [Fact]
    public async Task The_members_modules_call_are_carried_as_catalog_ids()
    {
        var compilation = await AllAnalyzers.CompileAsync("""
            using System.Text.Json;

            namespace Base.Json
            {
                public static class JsonHelpers
                {
                    public static T? FromJson<T>(string json) => Read<T>(json);

                    public static string ToJson(object value, bool indented) => JsonSerializer.Serialize(value);

                    private static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json);
                }
            }
            """);

        var run = await AllAnalyzers.RunAsync(compilation, "Shared");

        var caches = run.Diagnostics.Where(d => d.Id == "KPL3010").ToList();
        Assert.Equal(2, caches.Count);
        Assert.Equal(
            new[] { "M:Base.Json.JsonHelpers.FromJson``1(System.String)", "M:Base.Json.JsonHelpers.ToJson(System.Object,System.Boolean)" },
            caches.Select(d => d.Properties[ProcessWideTypeCacheAnalyzer.EntryPointsProperty]).OrderBy(id => id, System.StringComparer.Ordinal));
        Assert.All(caches, d => Assert.Equal("System.Text.Json's reflection metadata cache (dotnet/runtime#65323)", d.Properties[ProcessWideTypeCacheAnalyzer.CacheDescriptionProperty]));
    }

    /// <summary>
    /// The same helpers in a module's library are reported too (LibraryCallersTypeCacheTests), but carry no catalog IDs:
    /// only a shared library's members become lines for the modules that call them.
    /// </summary>
    [Fact]
    public async Task A_module_library_reports_the_same_helpers_without_catalog_ids()
    {
        var compilation = await AllAnalyzers.CompileAsync("""
            using System.Text.Json;

            namespace Module.Json
            {
                public static class JsonHelpers
                {
                    public static T? FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json);

                    public static string ToJson(object value) => JsonSerializer.Serialize(value);
                }
            }
            """);

        var run = await AllAnalyzers.RunAsync(compilation, "Module");

        var caches = run.Diagnostics.Where(d => d.Id == "KPL3010").ToList();
        Assert.Equal(2, caches.Count);
        Assert.All(caches, d => Assert.False(d.Properties.ContainsKey(ProcessWideTypeCacheAnalyzer.EntryPointsProperty)));
        Assert.All(caches, d => Assert.Equal(ProcessWideTypeCacheAnalyzer.SystemTextJson, d.Properties[ProcessWideTypeCacheAnalyzer.CacheProperty]));
    }
}
