using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2006: Newtonsoft.Json TypeNameHandling without a SerializationBinder, in every role.</summary>
public sealed class TypeNameHandlingWithoutBinderTests
{
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Type_names_without_a_binder_are_reported_in_every_role(string role)
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;

            class Store
            {
                private readonly JsonSerializerSettings _settings = new JsonSerializerSettings { {|KPL2006:TypeNameHandling = TypeNameHandling.Auto|} };

                object? Read(string json, TypeNameHandling handling)
                {
                    var settings = new JsonSerializerSettings();
                    {|KPL2006:settings.TypeNameHandling = TypeNameHandling.All|};
                    var serializer = JsonSerializer.Create();
                    {|KPL2006:serializer.TypeNameHandling = handling|};
                    return JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|KPL2006:TypeNameHandling = TypeNameHandling.Objects|}, MaxDepth = 8 });
                }
            }
            """).InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task None_or_a_binder_on_the_same_object_is_not_reported(string role)
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            class Store
            {
                object? Read(string json, ISerializationBinder binder)
                {
                    var none = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                    var inline = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = binder };
                    var later = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
                    later.SerializationBinder = binder;
                    var created = new JsonSerializerSettings { SerializationBinder = binder };
                    created.TypeNameHandling = TypeNameHandling.Objects;
                    var serializer = new JsonSerializer();
                    serializer.SerializationBinder = binder;
                    serializer.TypeNameHandling = TypeNameHandling.Arrays;
                    return JsonConvert.DeserializeObject(json, none);
                }
            }
            """).InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Module")]
    public Task A_setter_that_forwards_its_value_is_not_where_type_names_are_chosen(string role) => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
        using Newtonsoft.Json;
        using Newtonsoft.Json.Serialization;

        public sealed class SettingsProxy
        {
            private readonly JsonSerializerSettings _inner = new JsonSerializerSettings();

            public TypeNameHandling TypeNameHandling { get => _inner.TypeNameHandling; set => _inner.TypeNameHandling = value; }

            public ISerializationBinder SerializationBinder { get => _inner.SerializationBinder; set => _inner.SerializationBinder = value; }

            public void Defaults(TypeNameHandling handling) => {|KPL2006:_inner.TypeNameHandling = handling|};
        }
        """).InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Fact]
    public Task Another_object_getting_a_binder_does_not_count()
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            class Store
            {
                void Configure(ISerializationBinder binder)
                {
                    var first = new JsonSerializerSettings();
                    var second = new JsonSerializerSettings();
                    {|KPL2006:first.TypeNameHandling = TypeNameHandling.All|};
                    second.SerializationBinder = binder;
                }
            }
            """).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_serializer_created_from_settings_with_a_binder_has_that_binder(string role)
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            class Store
            {
                void Configure(ISerializationBinder binder)
                {
                    var inline = JsonSerializer.Create(new JsonSerializerSettings { SerializationBinder = binder });
                    inline.TypeNameHandling = TypeNameHandling.Auto;

                    var settings = new JsonSerializerSettings();
                    settings.SerializationBinder = binder;
                    var fromLocal = JsonSerializer.CreateDefault(settings);
                    fromLocal.TypeNameHandling = TypeNameHandling.All;

                    var bare = JsonSerializer.Create(new JsonSerializerSettings { MaxDepth = 4 });
                    {|KPL2006:bare.TypeNameHandling = TypeNameHandling.Objects|};
                    var unrelated = JsonSerializer.Create(new JsonSerializerSettings());
                    {|KPL2006:unrelated.TypeNameHandling = TypeNameHandling.Arrays|};
                    settings.MaxDepth = 2;
                }
            }
            """).InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Attributes_that_read_type_names_are_reported_when_the_project_sets_no_binder(string role)
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using System.Collections.Generic;
            using Newtonsoft.Json;

            [JsonObject({|KPL2006:ItemTypeNameHandling = TypeNameHandling.Auto|})]
            class Envelope
            {
                [JsonProperty({|KPL2006:TypeNameHandling = TypeNameHandling.Objects|})]
                public object? Body { get; set; }

                [JsonProperty("items", {|KPL2006:ItemTypeNameHandling = TypeNameHandling.All|}, Order = 2)]
                public List<object> Items = new List<object>();

                [JsonProperty(TypeNameHandling = TypeNameHandling.None, ItemTypeNameHandling = TypeNameHandling.None)]
                public object? Plain { get; set; }

                [JsonConstructor]
                public Envelope([JsonProperty({|KPL2006:TypeNameHandling = TypeNameHandling.Auto|})] object? body) => Body = body;
            }

            [JsonArray({|KPL2006:ItemTypeNameHandling = TypeNameHandling.Arrays|})]
            class Batch : List<object> { }

            [JsonDictionary]
            class Index : Dictionary<string, object> { }
            """).InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Attributes_are_not_reported_once_the_project_sets_a_binder_somewhere(string role)
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;

            [JsonObject(ItemTypeNameHandling = TypeNameHandling.Auto)]
            class Envelope
            {
                [JsonProperty(TypeNameHandling = TypeNameHandling.Objects)]
                public object? Body { get; set; }
            }
            """)
            .WithSource("Serialization.cs", """
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            static class Serialization
            {
                public static JsonSerializerSettings Settings(ISerializationBinder binder) => new JsonSerializerSettings { SerializationBinder = binder };
            }
            """)
            .InRole(role).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Fact]
    public Task Clearing_the_binder_is_not_setting_one()
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            using Newtonsoft.Json;

            class Envelope
            {
                [JsonProperty({|KPL2006:TypeNameHandling = TypeNameHandling.Auto|})]
                public object? Body { get; set; }

                static void Reset(JsonSerializerSettings settings) => settings.SerializationBinder = null;
            }
            """).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Fact]
    public Task Projects_without_Newtonsoft_are_not_analysed()
        => AnalyzerSpec<TypeNameHandlingWithoutBinderAnalyzer>.For("""
            class JsonSerializerSettings { public int TypeNameHandling { get; set; } }

            class Store
            {
                void Configure() => new JsonSerializerSettings().TypeNameHandling = 3;
            }
            """).RunAsync();
}
