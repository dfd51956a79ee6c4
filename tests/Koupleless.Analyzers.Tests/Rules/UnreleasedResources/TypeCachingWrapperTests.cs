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

            public static string ToJson<T>(this T value) => {|#0:JsonSerializer.Serialize(value, Options)|};

            public static T? FromJson<T>(string json) => {|#1:JsonSerializer.Deserialize<T>(json, Options)|};
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
            public string Serialise(object value) => {|#0:JsonSerializer.Serialize(value)|};
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

            public static T? Deserialize<T>(string json) => {|#0:JsonSerializer.Deserialize<T>(json, Options)|};

            public static string Direct(Widget widget) => {|KPL3010:JsonSerializer.Serialize(widget, Options)|};
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

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string type, string caller)
        => new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(location)
            .WithArguments(location == 1 ? "JsonSerializer.Deserialize" : "JsonSerializer.Serialize", type, caller, Cache, Remedy);
}
