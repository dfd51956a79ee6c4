using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010: module types handed to process-wide caches (DESIGN.md measurements: TypeDescriptor, reflection-based
/// System.Text.Json, Newtonsoft.Json pin; source-generated System.Text.Json, a cache clear in Unloading, XmlSerializer
/// and framework types do not; DataAnnotations validation pins, measured in SharedStorageRetentionRuntimeTests).
/// This analyzer is the Module role; Shared and Base code are judged by the flow (SharedTypeCacheTests).
/// </summary>
public sealed class ProcessWideTypeCacheTests
{
    private const string Model = """
        using System.Collections.Generic;

        public sealed class Widget { public string Name { get; set; } = ""; }
        public enum Shade { Light, Dark }
        """;

    private const string ReflectionJson = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;

        class Store
        {
            private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
            private static JsonSerializerOptions Web { get; } = new JsonSerializerOptions(JsonSerializerDefaults.Web);

            async Task Save(Widget w, string json, Stream stream)
            {
                _ = JsonSerializer.{|#0:Serialize(w)|};
                _ = JsonSerializer.{|KPL3010:Deserialize<Widget>(json)|};
                _ = JsonSerializer.{|KPL3010:Deserialize(json, typeof(List<Widget>))|};
                _ = JsonSerializer.{|KPL3010:Serialize((object)w)|};
                _ = JsonSerializer.{|KPL3010:Serialize(new[] { w }, new JsonSerializerOptions { WriteIndented = true })|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, JsonSerializerOptions.Default)|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, options: null)|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, Indented)|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, Web)|};
                var local = new JsonSerializerOptions();
                _ = JsonSerializer.{|KPL3010:SerializeToUtf8Bytes(w, local)|};
                await JsonSerializer.{|KPL3010:SerializeAsync(stream, w)|};
                _ = JsonSerializer.{|KPL3010:Serialize(new { w.Name })|};
                _ = JsonSerializer.{|KPL3010:Serialize(Shade.Dark)|};
                _ = JsonSerializer.{|KPL3010:Serialize(new Dictionary<string, Widget>())|};
                _ = JsonSerializer.{|KPL3010:Serialize(this)|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() })|};
                _ = JsonSerializerOptions.Default.{|KPL3010:GetTypeInfo(typeof(Widget))|};
                _ = new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }.{|KPL3010:TryGetTypeInfo(w.GetType(), out _)|};
            }
        }
        """;

    private const string HttpJson = """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        class Client
        {
            async Task Call(HttpClient client, Widget w)
            {
                _ = await client.{|KPL3010:GetFromJsonAsync<Widget>("/w")|};
                _ = await client.{|KPL3010:PostAsJsonAsync("/w", w)|};
                using var response = await client.GetAsync("/w");
                _ = await response.Content.{|KPL3010:ReadFromJsonAsync(typeof(Widget))|};
                _ = JsonContent.{|KPL3010:Create(w)|};
                _ = await client.GetFromJsonAsync("/w", StoreContext.Default.Widget);
                _ = await client.GetFromJsonAsync<int[]>("/numbers");
            }
        }
        """;

    [Fact]
    public Task System_Net_Http_Json_without_type_info_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(HttpJson)
        .WithSource("/Model.cs", Model).WithSource("/StoreContext.cs", SourceGeneratedContext).RunAsync();

    private const string TypeDescriptors = """
        using System.ComponentModel;

        class Grid
        {
            void Bind(Widget w)
            {
                _ = TypeDescriptor.{|#0:GetProperties(typeof(Widget))|};
                _ = TypeDescriptor.{|KPL3010:GetProperties(w)|};
                _ = TypeDescriptor.{|KPL3010:GetConverter(this)|};
                _ = TypeDescriptor.{|KPL3010:GetAttributes(w.GetType())|};
                TypeDescriptor.{|KPL3010:AddAttributes(typeof(Widget), new BrowsableAttribute(false))|};
            }
        }
        """;

    private const string Newtonsoft = """
        using System.Collections.Generic;
        using System.IO;
        using Newtonsoft.Json;
        using Newtonsoft.Json.Linq;

        class Store
        {
            void Save(Widget w, string json, TextWriter writer, JToken token)
            {
                _ = JsonConvert.{|#0:SerializeObject(w)|};
                _ = JsonConvert.{|KPL3010:DeserializeObject<List<Widget>>(json)|};
                _ = JsonConvert.{|KPL3010:DeserializeObject(json, typeof(Widget))|};
                JsonSerializer.CreateDefault().{|KPL3010:Serialize(writer, w)|};
                _ = JToken.{|KPL3010:FromObject(w)|};
                _ = JObject.{|KPL3010:FromObject(w)|};
                _ = token.{|KPL3010:ToObject<Widget>()|};
            }
        }
        """;

    [Fact]
    public Task Reflection_based_System_Text_Json_of_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(ReflectionJson)
        .WithSource("/Model.cs", Model)
        .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
            .WithArguments("JsonSerializer.Serialize", "Widget", "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)", "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads"))
        .RunAsync();

    [Fact]
    public Task TypeDescriptor_on_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(TypeDescriptors)
        .WithSource("/Model.cs", Model)
        .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
            .WithArguments("TypeDescriptor.GetProperties", "Widget", "the TypeDescriptor cache", "declare the type in a shared library, or read its members with plain reflection instead of TypeDescriptor"))
        .RunAsync();

    /// <summary>
    /// BinaryData's JSON members and its <c>object</c> constructor serialize with System.Text.Json: by reflection when given
    /// no options (the Azure SDK's payloads; Azure.Messaging.EventGrid's <c>EventGridEvent</c>, a held-out set 26 miss), not
    /// with a JsonTypeInfo or a JsonSerializerContext.
    /// </summary>
    [Fact]
    public Task BinaryData_json_of_a_module_type_without_type_info_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;

        class Payloads
        {
            void Send(Widget w, BinaryData data)
            {
                _ = BinaryData.{|KPL3010:FromObjectAsJson(w)|};
                _ = data.{|KPL3010:ToObjectFromJson<Widget>()|};
                _ = BinaryData.FromObjectAsJson(w, StoreContext.Default.Widget);
                _ = data.ToObjectFromJson(StoreContext.Default.Widget);
                _ = BinaryData.FromObjectAsJson(new[] { "a", "b" }).ToString();
                _ = BinaryData.FromString("text");
                _ = {|KPL3010:new BinaryData(w)|};
                _ = {|KPL3010:new BinaryData(w, options: null, typeof(Widget))|};
                _ = new BinaryData(w, StoreContext.Default, typeof(Widget));
                _ = new BinaryData("text");
                _ = new BinaryData(new[] { 1, 2 });
            }
        }
        """).WithSource("/Model.cs", Model).WithSource("/StoreContext.cs", SourceGeneratedContext).WithReferences(TestReferences.SystemMemoryData).RunAsync();

    /// <summary>
    /// A type parameter constrained to a module type can only be that type or the module's subclass of it
    /// (Google.Apis.Auth's <c>SignedToken&lt;TJwsHeader, TJwsPayload&gt;</c>, a held-out set 25 miss); an unconstrained or
    /// framework-constrained one is whatever its instantiation says, which the call does not show.
    /// </summary>
    [Fact]
    public Task A_type_parameter_constrained_to_a_module_type_is_the_modules() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using Newtonsoft.Json;

        public class Header { public string Alg { get; set; } = ""; }

        internal class SignedToken<THeader, TAny, TComparable>
            where THeader : Header
            where TComparable : IComparable<TComparable>
        {
            public static void Parse(string json)
            {
                _ = JsonConvert.{|KPL3010:DeserializeObject<THeader>(json)|};
                _ = JsonConvert.DeserializeObject<TAny>(json);
                _ = JsonConvert.DeserializeObject<TComparable>(json);
            }
        }
        """).WithPackages(TestReferences.NewtonsoftJson).RunAsync();

    [Fact]
    public Task DataAnnotations_validation_of_a_module_object_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;

        class Checker
        {
            bool Check(Widget widget)
                => Validator.{|KPL3010:TryValidateObject(widget, new ValidationContext(widget), new List<ValidationResult>(), true)|};

            bool Value(string text) => Validator.TryValidateValue(text, new ValidationContext(text), null, new ValidationAttribute[0]);
        }
        """).WithSource("/Model.cs", Model).RunAsync();

    /// <summary>
    /// A validation context the type keeps in a field, made in its constructor for <c>this</c> (CommunityToolkit.Mvvm's
    /// ObservableValidator: a searcher's miss on the released package) names the validated type; one made for a framework
    /// value does not.
    /// </summary>
    [Fact]
    public Task DataAnnotations_validation_through_a_context_kept_in_a_field_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;

        abstract class ObservableValidator
        {
            private readonly ValidationContext _context;
            private readonly ValidationContext _textContext;

            protected ObservableValidator()
            {
                _context = new ValidationContext(this);
                _textContext = new ValidationContext("text");
            }

            protected bool ValidateProperty(object? value, string name)
            {
                _context.MemberName = name;
                return Validator.{|KPL3010:TryValidateProperty(value, _context, new List<ValidationResult>())|};
            }

            protected bool ValidateText(string? value) => Validator.TryValidateProperty(value, _textContext, new List<ValidationResult>());
        }
        """).RunAsync();

    /// <summary>A DataTable column of a module type (measured to pin: DataColumnTypeRuntimeTests); framework-typed columns do not.</summary>
    [Fact]
    public Task A_DataTable_column_of_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Data;

        class Tables
        {
            DataTable Build(Widget widget)
            {
                var table = new DataTable();
                table.Columns.{|#0:Add("widget", typeof(Widget))|};
                table.Columns.Add("name", typeof(string));
                table.Columns.Add("any", typeof(object));
                table.Columns.Add("plain");
                table.Rows.Add(widget, "w", widget, "p");
                return table;
            }
        }
        """).WithSource("/Model.cs", Model).Expect(
            AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
                .WithArguments("DataColumnCollection.Add", "Widget", "System.Data's per-type storage cache (filled by every DataColumn of that type)", "declare the column's type in a shared library, or give the column a framework type (object, string) and keep the module's values in it"))
        .RunAsync();

    [Fact]
    public Task Newtonsoft_serialization_of_a_module_type_is_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Newtonsoft)
        .WithSource("/Model.cs", Model)
        .WithPackages(TestReferences.NewtonsoftJson)
        .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
            .WithArguments("JsonConvert.SerializeObject", "Widget", "Newtonsoft.Json's contract cache and the TypeDescriptor cache", "declare the serialized type in a shared library, or serialize it with System.Text.Json and a source-generated context"))
        .RunAsync();

    /// <summary>Stand-ins of the adapter packages' releases (the analyzer matches the type and method by name).</summary>
    internal const string AdapterReleases = """
        namespace Koupleless.Adapters { public static class FrameworkCaches { public static bool ReleaseTypeDescriptorOnUnload(System.Reflection.Assembly a) => true; } }
        namespace Koupleless.Adapters.NewtonsoftJson { public static class ModuleJson { public static bool ReleaseOnUnload(System.Reflection.Assembly a) => true; } }
        namespace Koupleless.Adapters.Dapper { public static class ModuleDapper { public static bool ReleaseOnUnload(System.Reflection.Assembly a) => true; } }
        """;

    /// <summary>The adapter releases (measured by the adapters' unload tests) release their cache kind, and only it.</summary>
    [Fact]
    public async Task An_adapter_release_anywhere_in_the_module_releases_its_cache_kind_only()
    {
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(TypeDescriptors)).WithSource("/Model.cs", Model)
            .WithReferencedLibrary(AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "class Start { void Run() => Koupleless.Adapters.FrameworkCaches.ReleaseTypeDescriptorOnUnload(typeof(Start).Assembly); }")
            .RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Newtonsoft)).WithSource("/Model.cs", Model)
            .WithPackages(TestReferences.NewtonsoftJson)
            .WithReferencedLibrary(AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "using Koupleless.Adapters.NewtonsoftJson; class Start { void Run() => ModuleJson.ReleaseOnUnload(typeof(Start).Assembly); }")
            .RunAsync();

        // Dapper's release of the same name is not Newtonsoft's; the TypeDescriptor release is not System.Text.Json's.
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Newtonsoft).WithSource("/Model.cs", Model)
            .WithPackages(TestReferences.NewtonsoftJson)
            .WithReferencedLibrary(AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "using Koupleless.Adapters.Dapper; class Start { void Run() => ModuleDapper.ReleaseOnUnload(typeof(Start).Assembly); }")
            .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
                .WithArguments("JsonConvert.SerializeObject", "Widget", "Newtonsoft.Json's contract cache and the TypeDescriptor cache", "declare the serialized type in a shared library, or serialize it with System.Text.Json and a source-generated context"))
            .RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(ReflectionJson).WithSource("/Model.cs", Model)
            .WithReferencedLibrary(AdapterReleases, "Koupleless.Adapters")
            .WithSource("/Start.cs", "class Start { void Run() => Koupleless.Adapters.FrameworkCaches.ReleaseTypeDescriptorOnUnload(typeof(Start).Assembly); }")
            .Expect(AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.Diagnostic("KPL3010").WithLocation(0)
                .WithArguments("JsonSerializer.Serialize", "Widget", "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)", "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads"))
            .RunAsync();
    }

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public async Task Nothing_is_reported_outside_a_module(string role)
    {
        // Types declared in a Shared or Base project live in the default context, which never unloads.
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(ReflectionJson)).WithSource("/Model.cs", Model).InRole(role).RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(HttpJson)).WithSource("/Model.cs", Model)
            .WithSource("/StoreContext.cs", SourceGeneratedContext).InRole(role).RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(TypeDescriptors)).WithSource("/Model.cs", Model).InRole(role).RunAsync();
        await AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Newtonsoft)).WithSource("/Model.cs", Model)
            .WithPackages(TestReferences.NewtonsoftJson).InRole(role).RunAsync();
    }

    [Fact]
    public Task The_explicit_Module_role_reports_like_the_default() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.ComponentModel;

        class Grid
        {
            object Bind() => TypeDescriptor.{|KPL3010:GetProperties(typeof(Grid))|};
        }
        """).InRole("Module").RunAsync();

    /// <summary>
    /// Metadata asked of options with no resolver yet (a fresh instance: <c>GetTypeInfo</c> throws, measured in
    /// ProcessWideTypeCacheRuntimeTests) or of options the call does not show (usually a custom resolver: StreamJsonRpc's
    /// PolyType formatter, held-out set 8) is not reported; serializing with a fresh instance still is (above).
    /// </summary>
    [Fact]
    public Task Metadata_asked_of_options_without_a_shown_resolver_is_not_reported() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        class Store
        {
            private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

            void Describe(Widget w, JsonSerializerOptions given)
            {
                _ = Indented.GetTypeInfo(typeof(Widget));
                _ = new JsonSerializerOptions(JsonSerializerDefaults.Web).TryGetTypeInfo(w.GetType(), out _);
                _ = given.GetTypeInfo(typeof(Widget));
            }
        }
        """).WithSource("/Model.cs", Model).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Framework_types_only_are_not_reported(string role) => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Text.Json;
        using Newtonsoft.Json;

        class Store
        {
            void Save(string json, IEnumerable<int> numbers)
            {
                _ = System.Text.Json.JsonSerializer.Serialize(42);
                _ = System.Text.Json.JsonSerializer.Serialize(new List<string> { "a" });
                _ = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(json);
                _ = System.Text.Json.JsonSerializer.Deserialize(json, typeof(DateTime[]));
                _ = System.Text.Json.JsonSerializer.Serialize(numbers);
                _ = System.Text.Json.JsonSerializer.Serialize((1, "a"));
                _ = TypeDescriptor.GetProperties(typeof(string));
                _ = TypeDescriptor.GetConverter(TimeSpan.Zero);
                _ = JsonConvert.SerializeObject(new[] { 1, 2 });
                _ = JsonConvert.DeserializeObject(json);
                _ = JsonConvert.DeserializeObject<List<Guid>>(json);
                _ = JsonSerializerOptions.Default.GetTypeInfo(typeof(string));
            }
        }
        """).WithPackages(TestReferences.NewtonsoftJson).InRole(role).RunAsync();

    private const string SourceGeneratedContext = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        // Stands in for what the System.Text.Json source generator emits for [JsonSerializable(typeof(Widget))].
        sealed class StoreContext : JsonSerializerContext
        {
            public StoreContext() : base(null) { }
            public static StoreContext Default { get; } = new StoreContext();
            public JsonTypeInfo<Widget> Widget => null!;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Source_generated_System_Text_Json_is_not_reported(string role) => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;

        class Store
        {
            private static readonly JsonSerializerOptions Generated = new() { TypeInfoResolver = StoreContext.Default };
            private static readonly JsonSerializerOptions CopyOfGenerated = new(StoreContext.Default.Options);

            void Save(Widget w, string json, JsonSerializerOptions unknown)
            {
                _ = JsonSerializer.Serialize(w, StoreContext.Default.Widget);
                _ = JsonSerializer.Deserialize(json, StoreContext.Default.Widget);
                _ = JsonSerializer.Serialize(w, typeof(Widget), StoreContext.Default);
                _ = JsonSerializer.Serialize(w, StoreContext.Default.Options);
                _ = JsonSerializer.Serialize(w, new JsonSerializerOptions { TypeInfoResolver = StoreContext.Default });
                _ = JsonSerializer.Serialize(w, Generated);
                _ = JsonSerializer.Serialize(w, CopyOfGenerated);
                var configured = new JsonSerializerOptions();
                configured.TypeInfoResolver = StoreContext.Default;
                _ = JsonSerializer.Serialize(w, configured);
                _ = Generated.GetTypeInfo(typeof(Widget));
                _ = StoreContext.Default.Options.TryGetTypeInfo(typeof(Widget), out _);
                // Options the call site does not show are not guessed at.
                _ = JsonSerializer.Serialize(w, unknown);
                _ = unknown.GetTypeInfo(typeof(Widget));
            }
        }
        """).WithSource("/Model.cs", Model).WithSource("/StoreContext.cs", SourceGeneratedContext).InRole(role).RunAsync();

    /// <summary>
    /// Options a library keeps in a <c>Lazy&lt;JsonSerializerOptions&gt;</c> (PuppeteerSharp's <c>JsonHelper</c>) or creates in
    /// its constructor into a readonly field (MaxMind.GeoIP2's client): followed to what the factory or every constructor
    /// assigns — Module-role misses on held-out sets 12 and 13 — and a resolver chosen by
    /// <c>JsonSerializer.IsReflectionEnabledByDefault</c> to the branch a JIT base takes. Not when the resolver is set
    /// elsewhere or the values disagree.
    /// </summary>
    [Fact]
    public Task Options_made_by_a_lazy_factory_or_in_the_constructor_are_followed() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;

        static class JsonHelper
        {
            public static readonly Lazy<JsonSerializerOptions> Defaults = new Lazy<JsonSerializerOptions>(() => new JsonSerializerOptions { WriteIndented = true });
            public static readonly Lazy<JsonSerializerOptions> Generated = new(() => new JsonSerializerOptions { TypeInfoResolver = StoreContext.Default });
            public static readonly Lazy<JsonSerializerOptions> Extended = new(() => new JsonSerializerOptions());
            public static void Extend() => Extended.Value.TypeInfoResolver = StoreContext.Default;

            // The Native AOT idiom: a JIT base takes the branch where reflection is enabled by default.
            public static readonly Lazy<JsonSerializerOptions> Switched = new(() =>
            {
                IJsonTypeInfoResolver resolver;
                if (JsonSerializer.IsReflectionEnabledByDefault)
                {
                    resolver = new DefaultJsonTypeInfoResolver();
                }
                else
                {
                    resolver = StoreContext.Default;
                }

                return new JsonSerializerOptions { TypeInfoResolver = resolver };
            });

            public static readonly JsonSerializerOptions Chosen = new() { TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : StoreContext.Default };
            public static readonly JsonSerializerOptions Generated2 = new() { TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault ? StoreContext.Default : new DefaultJsonTypeInfoResolver() };
        }

        class Client
        {
            private readonly JsonSerializerOptions _options;
            private readonly JsonSerializerOptions _given;
            private readonly JsonSerializerOptions _either;

            public Client(JsonSerializerOptions given)
            {
                _options = new JsonSerializerOptions();
                _given = given;
                _either = new JsonSerializerOptions();
            }

            public Client() : this(new JsonSerializerOptions()) => _either = StoreContext.Default.Options;

            void Save(Widget w, string json)
            {
                _ = JsonSerializer.{|KPL3010:Serialize(w, JsonHelper.Defaults.Value)|};
                _ = JsonSerializer.{|KPL3010:Deserialize<Widget>(json, _options)|};
                _ = JsonSerializer.Serialize(w, JsonHelper.Generated.Value);
                _ = JsonSerializer.Serialize(w, JsonHelper.Extended.Value);
                _ = JsonSerializer.Serialize(w, _given);
                _ = JsonSerializer.Serialize(w, _either);
                _ = JsonSerializer.{|KPL3010:Serialize(w, JsonHelper.Switched.Value)|};
                _ = JsonSerializer.{|KPL3010:Serialize(w, JsonHelper.Chosen)|};
                _ = JsonSerializer.Serialize(w, JsonHelper.Generated2);
            }
        }
        """).WithSource("/Model.cs", Model).WithSource("/StoreContext.cs", SourceGeneratedContext).RunAsync();

    /// <summary>
    /// A get-only auto-property only constructors assign is followed like a readonly field, and a resolver taken from
    /// an optional parameter whose default is null counts as what a caller passing nothing gets — no resolver, so
    /// reflection (OllamaSharp's client: ten Module-role misses on held-out set 18). A required parameter, a resolver
    /// set elsewhere, or constructors that disagree stay unknown.
    /// </summary>
    [Fact]
    public Task Options_of_a_get_only_property_and_an_optional_context_are_followed() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.Text.Json;
        using System.Text.Json.Serialization;

        class Client
        {
            public JsonSerializerOptions Incoming { get; }
            public JsonSerializerOptions Required { get; }
            public JsonSerializerOptions Either { get; }
            public JsonSerializerOptions Settable { get; set; }

            public Client(string url, JsonSerializerContext? context = null)
            {
                if (context == null)
                {
                    Incoming = new JsonSerializerOptions { AllowTrailingCommas = true };
                }
                else
                {
                    Incoming = new JsonSerializerOptions { AllowTrailingCommas = true, TypeInfoResolver = context };
                }

                Either = new JsonSerializerOptions();
                Settable = new JsonSerializerOptions();
            }

            public Client(JsonSerializerContext context)
            {
                Incoming = new JsonSerializerOptions();
                Required = new JsonSerializerOptions { TypeInfoResolver = context };
                Either = StoreContext.Default.Options;
                Settable = new JsonSerializerOptions();
            }

            Widget Read(string json)
            {
                _ = JsonSerializer.Deserialize<Widget>(json, Required);
                _ = JsonSerializer.Deserialize<Widget>(json, Either);
                _ = JsonSerializer.Deserialize<Widget>(json, Settable);
                return JsonSerializer.{|KPL3010:Deserialize<Widget>(json, Incoming)|};
            }
        }
        """).WithSource("/Model.cs", Model).WithSource("/StoreContext.cs", SourceGeneratedContext).RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task XmlSerializer_is_not_reported(string role) => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.IO;
        using System.Xml.Serialization;

        class Store
        {
            void Save(Widget w, TextWriter writer) => new XmlSerializer(typeof(Widget)).Serialize(writer, w);
        }
        """).WithSource("/Model.cs", Model).InRole(role).RunAsync();

    internal const string ClearsOnUnload = """
        using System;
        using System.Reflection;
        using System.Runtime.Loader;

        static class CacheRelease
        {
            public static void Register()
                => AssemblyLoadContext.GetLoadContext(typeof(CacheRelease).Assembly)!.Unloading += OnUnloading;

            private static void OnUnloading(AssemblyLoadContext context)
                => Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")
                    ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    ?.Invoke(null, new object?[] { null });
        }
        """;

    [Fact]
    public Task Clearing_the_json_caches_in_an_Unloading_handler_releases_System_Text_Json_only() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.ComponentModel;
        using System.Text.Json;

        class Store
        {
            void Save(Widget w)
            {
                _ = JsonSerializer.Serialize(w);
                _ = TypeDescriptor.{|KPL3010:GetProperties(w)|};
            }
        }
        """).WithSource("/Model.cs", Model).WithSource("/CacheRelease.cs", ClearsOnUnload).RunAsync();

    [Fact]
    public Task A_lambda_handler_that_clears_the_json_caches_counts_too() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Text.Json;

        class Store
        {
            Store()
            {
                AssemblyLoadContext.GetLoadContext(GetType().Assembly)!.Unloading += _ =>
                    Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")?
                        .GetMethod("ClearCache", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?
                        .Invoke(null, new object?[] { null });
            }

            string Save(Widget w) => JsonSerializer.Serialize(w);
        }
        """).WithSource("/Model.cs", Model).RunAsync();

    [Fact]
    public Task A_local_function_handler_with_a_raw_string_counts_too() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(""""
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Text.Json;

        class Store
        {
            static void Hook(AssemblyLoadContext context)
            {
                context.Unloading += Clear;

                static void Clear(AssemblyLoadContext _)
                    => Type.GetType("""System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json""")?
                        .GetMethod("ClearCache", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?
                        .Invoke(null, new object?[] { null });
            }

            string Save(Widget w) => JsonSerializer.Serialize(w);
        }
        """").WithSource("/Model.cs", Model).RunAsync();

    [Fact]
    public Task Clearing_on_the_default_context_or_outside_Unloading_does_not_count() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System;
        using System.Reflection;
        using System.Runtime.Loader;
        using System.Text.Json;

        class Store
        {
            // The default context never unloads, so this handler never runs.
            Store() => AssemblyLoadContext.Default.Unloading += _ => Clear();

            static void Clear() => Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json");

            string Save(Widget w) => JsonSerializer.{|KPL3010:Serialize(w)|};
        }
        """).WithSource("/Model.cs", Model).RunAsync();

    [Fact]
    public Task Half_typed_code_does_not_break_the_analyzer() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For("""
        using System.ComponentModel;
        using System.Text.Json;

        class Store
        {
            void Save(string json)
            {
                _ = JsonSerializer.Serialize(new {|CS0246:Missing|}());
                _ = JsonSerializer.Deserialize<{|CS0246:Missing|}>(json);
                _ = TypeDescriptor.GetProperties(typeof({|CS0246:Missing|}));
                _ = JsonSerializer.{|CS1501:Serialize|}();
            }
        }
        """).RunAsync();
}
