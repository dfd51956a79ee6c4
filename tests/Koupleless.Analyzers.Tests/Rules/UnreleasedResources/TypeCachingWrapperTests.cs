using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 through the module's own serializer helpers: the helper's call caches whatever type its callers pass
/// (measured misses on real apps: eShopOnWeb's ToJson&lt;T&gt;, Jackett's STJson and ISerializeService).
/// </summary>
public sealed class TypeCachingWrapperTests
{
    private const string Model = """
        public sealed class Widget { public string Name { get; set; } = ""; }
        """;

    private const string Remedy = "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads";
    private const string Cache = "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)";

    [Fact]
    public Task A_generic_helper_called_with_a_module_type_is_reported_at_its_serializer_call() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        static class JsonExtensions
        {
            private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

            public static string ToJson<T>(this T value) => JsonSerializer.{|#0:Serialize(value, Options)|};

            public static T? FromJson<T>(string json) => JsonSerializer.{|#1:Deserialize<T>(json, Options)|};
        }

        static class Health
        {
            static string Report() => new { status = "ok", count = 1 }.ToJson();

            static Widget? Read(string json) => JsonExtensions.FromJson<Widget>(json);
        }
        """)
        .WithSource("/Model.cs", Model)
        .Expect(
            Expected(0, "<anonymous type: string status, int count>", "Health.Report"),
            Expected(1, "Widget", "Health.Read"))
        .RunAsync();

    [Fact]
    public Task An_object_taking_helper_called_through_its_interface_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        interface ISerializer
        {
            string Serialise(object value);
        }

        sealed class Serializer : ISerializer
        {
            public string Serialise(object value) => JsonSerializer.{|#0:Serialize(value)|};
        }

        sealed class Settings
        {
            private readonly ISerializer _serializer;

            public Settings(ISerializer serializer) => _serializer = serializer;

            // A wrapper of the wrapper: the module type comes from SaveConfig's caller.
            public string SaveConfig<T>(T config) => _serializer.Serialise(config!);

            public string SaveAll() => SaveConfig(new Widget());
        }
        """)
        .WithSource("/Model.cs", Model)
        .Expect(Expected(0, "Widget", "Settings.SaveAll"))
        .RunAsync();

    /// <summary>A constructor taking an object is a wrapper too (eShop's <c>new WebhookData(type, payload)</c>).</summary>
    [Fact]
    public Task A_constructor_serializing_its_object_parameter_is_reported_through_new() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        sealed class WebhookData
        {
            public WebhookData(string kind, object data)
            {
                Kind = kind;
                Payload = JsonSerializer.{|#0:Serialize(data)|};
            }

            public string Kind { get; }

            public string Payload { get; }
        }

        sealed class PaidHandler
        {
            public WebhookData Handle(Widget paid) => new WebhookData("paid", paid);

            public WebhookData Ping() => new WebhookData("ping", "text");
        }
        """)
        .WithSource("/Model.cs", Model)
        .Expect(Expected(0, "Widget", "PaidHandler.Handle"))
        .RunAsync();

    /// <summary>Only framework values reach the constructor: nothing of the module is cached.</summary>
    [Fact]
    public Task A_constructor_given_framework_values_only_is_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        sealed class Envelope
        {
            public Envelope(object data) => Payload = JsonSerializer.Serialize(data);

            public string Payload { get; }

            public static Envelope Of(int number) => new Envelope(number);
        }
        """).RunAsync();

    [Fact]
    public Task Options_made_by_a_factory_method_of_the_file_are_followed() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        static class StJson
        {
            private static readonly JsonSerializerOptions Options = CreateOptions();

            public static JsonSerializerOptions CreateOptions()
            {
                var options = new JsonSerializerOptions();
                Apply(options);
                return options;
            }

            private static void Apply(JsonSerializerOptions options) => options.WriteIndented = true;

            public static T? Deserialize<T>(string json) => JsonSerializer.{|#0:Deserialize<T>(json, Options)|};

            public static string Direct(Widget widget) => JsonSerializer.{|KPL3010:Serialize(widget, Options)|};
        }

        static class Indexer
        {
            static Widget[]? Parse(string json) => StJson.Deserialize<Widget[]>(json);
        }
        """)
        .WithSource("/Model.cs", Model)
        .Expect(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(0)
            .WithArguments("JsonSerializer.Deserialize", "Widget[]", "Indexer.Parse", Cache, Remedy))
        .RunAsync();

    [Fact]
    public Task A_factory_in_a_file_that_sets_a_resolver_is_not_followed() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;

        static class StJson
        {
            private static readonly JsonSerializerOptions Options = CreateOptions();

            public static JsonSerializerOptions CreateOptions()
            {
                var options = new JsonSerializerOptions();
                Apply(options);
                return options;
            }

            private static void Apply(JsonSerializerOptions options) => options.TypeInfoResolver = JsonTypeInfoResolver.Combine();

            public static string Direct(Widget widget) => JsonSerializer.Serialize(widget, Options);
        }
        """).WithSource("/Model.cs", Model).RunAsync();

    [Fact]
    public Task A_helper_only_given_framework_types_or_never_called_is_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using System.Text.Json;

        static class JsonExtensions
        {
            public static string ToJson<T>(this T value) => JsonSerializer.Serialize(value);

            public static string Unused<T>(T value) => JsonSerializer.Serialize(value);

            public static string Write(object value) => JsonSerializer.Serialize(value);
        }

        static class Report
        {
            static string Numbers() => new Dictionary<string, int> { ["a"] = 1 }.ToJson() + JsonExtensions.Write("text") + JsonExtensions.Write(42);
        }
        """).RunAsync();

    /// <summary>
    /// A Type kept by an object at construction and deserialized into later (Selenium's generated DevTools adapters:
    /// <c>new DevToolsEventData(typeof(ToolsAddedEventArgs), …)</c>, then <c>Deserialize(data.EventArgsType, options)</c>,
    /// 123 misses on held-out set 17): the constructor's callers say which types reach the cache. Not when they pass only
    /// framework types, not through a settable property (anything can set it later), and not for objects only other types
    /// build (Selenium's adapters without events: their own map stays empty).
    /// </summary>
    [Fact]
    public Task A_type_an_object_was_built_with_is_followed_to_the_constructor_calls() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Text.Json;

        sealed class EventData
        {
            public EventData(Type argsType, Action<object?> invoker)
            {
                ArgsType = argsType;
                Invoker = invoker;
            }

            public Type ArgsType { get; }
            public Action<object?> Invoker { get; }
        }

        sealed class PlainData
        {
            private readonly Type _type;
            public PlainData(Type type) => _type = type;
            public object? Read(string json) => JsonSerializer.Deserialize(json, _type);
        }

        sealed class OpenData
        {
            public OpenData(Type type) => ArgsType = type;
            public Type ArgsType { get; set; }
            public object? Read(string json) => JsonSerializer.Deserialize(json, ArgsType);
        }

        sealed class ToolsAdapter
        {
            private readonly Dictionary<string, EventData> _events = new();

            public ToolsAdapter()
            {
                _events["added"] = new EventData(typeof(Widget), _ => { });
                _ = new PlainData(typeof(string));
                _ = new OpenData(typeof(Widget));
            }

            public void OnEvent(string name, string json)
            {
                var data = _events[name];
                data.Invoker(JsonSerializer.{|#1:Deserialize(json, data.ArgsType)|});
            }
        }

        sealed class QuietAdapter
        {
            private readonly Dictionary<string, EventData> _events = new();

            public void OnEvent(string name, string json)
            {
                var data = _events[name];
                data.Invoker(JsonSerializer.Deserialize(json, data.ArgsType));
            }
        }
        """)
        .WithSource("/Model.cs", Model)
        .Expect(Expected(1, "Widget", "ToolsAdapter.ToolsAdapter"))
        .RunAsync();

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string type, string caller)
        => new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(location)
            .WithArguments(location == 1 ? "JsonSerializer.Deserialize" : "JsonSerializer.Serialize", type, caller, Cache, Remedy);
}
