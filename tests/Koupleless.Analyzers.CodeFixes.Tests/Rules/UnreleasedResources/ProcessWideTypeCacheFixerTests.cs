using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 fix: the JsonCacheRelease helper is nested once per project in the type of the first call site (no new
/// document), the call sites are left alone, and every
/// reflection-based System.Text.Json diagnostic of the project goes away (the analyzer sees the Unloading handler).
/// Fix All is exercised by the testing library in document, project and solution scope on every case.
/// </summary>
public sealed class ProcessWideTypeCacheFixerTests
{
    private const string Model = """
        public sealed class Widget { public string Name { get; set; } = ""; }
        """;

    /// <summary>The release as the fix nests it in a top-level type.</summary>
    private static readonly string Release = NestedHelperText.At(JsonCacheReleaseTemplate.Nested, "    ");

    [Fact]
    public Task Adds_the_cache_release_helper_and_leaves_the_call_site_alone() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Text.Json;

        class Store
        {
            // Serialized by reflection: the metadata cache keeps Widget.
            string Save(Widget w) => JsonSerializer.{|KPL3010:Serialize(w)|}; // trailing comment
        }
        """, $$"""
        using System.Text.Json;

        class Store
        {
            // Serialized by reflection: the metadata cache keeps Widget.
            string Save(Widget w) => JsonSerializer.Serialize(w); // trailing comment

        {{Release}}
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .RunAsync();

    [Fact]
    public Task A_helper_reported_through_its_caller_gets_the_same_release() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Text.Json;

        static class Json
        {
            public static string ToJson<T>(T value) => JsonSerializer.{|#0:Serialize(value)|};

            static string Save(Widget w) => ToJson(w);
        }
        """, $$"""
        using System.Text.Json;

        static class Json
        {
            public static string ToJson<T>(T value) => JsonSerializer.Serialize(value);

            static string Save(Widget w) => ToJson(w);

        {{Release}}
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .ForCompilationEndDiagnostics()
        .Expect(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(0)
            .WithArguments("JsonSerializer.Serialize", "Widget", "Json.Save", "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)",
                "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads"))
        .RunAsync();

    /// <summary>A module library's public serializer, reported for its callers' types (the flow), gets the same release.</summary>
    [Fact]
    public Task A_library_serializer_reported_for_its_callers_gets_the_same_release() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Text.Json;

        public class MessageSerializer
        {
            public string Serialize(object message) => {|#0:JsonSerializer.Serialize(message, message.GetType())|};
        }
        """, $$"""
        using System.Text.Json;

        public class MessageSerializer
        {
            public string Serialize(object message) => JsonSerializer.Serialize(message, message.GetType());

        {{Release}}
        }
        """)
        .ForCompilationEndDiagnostics()
        .Expect(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.LibraryRule).WithLocation(0)
            .WithArguments("JsonSerializer.Serialize", "'MessageSerializer.Serialize'", "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)",
                "serialize callers' types with a JsonTypeInfo or JsonSerializerContext the caller passes"))
        .RunAsync();

    /// <summary>The helper goes to the first site in source order (file path, then position): Cache.cs before Test0.cs.</summary>
    [Fact]
    public Task Fix_all_adds_the_helper_once_for_diagnostics_in_two_documents() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Text.Json;

        class Store
        {
            string Save(Widget w) => JsonSerializer.{|KPL3010:Serialize(w)|};
            Widget? Load(string json) => JsonSerializer.{|KPL3010:Deserialize<Widget>(json)|};
        }
        """, """
        using System.Text.Json;

        class Store
        {
            string Save(Widget w) => JsonSerializer.Serialize(w);
            Widget? Load(string json) => JsonSerializer.Deserialize<Widget>(json);
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .WithDocument("/0/Cache.cs", """
            using System.Collections.Generic;
            using System.Text.Json;

            static class Cache
            {
                public static byte[] Snapshot(List<Widget> all) => JsonSerializer.{|KPL3010:SerializeToUtf8Bytes(all, new JsonSerializerOptions { WriteIndented = true })|};
            }
            """, $$"""
            using System.Collections.Generic;
            using System.Text.Json;

            static class Cache
            {
                public static byte[] Snapshot(List<Widget> all) => JsonSerializer.SerializeToUtf8Bytes(all, new JsonSerializerOptions { WriteIndented = true });

            {{Release}}
            }
            """)
        .RunAsync();

    /// <summary>With Koupleless.Adapters referenced: one line before each serializing statement, no nested class.</summary>
    [Fact]
    public Task With_the_package_the_fix_calls_its_release_before_the_statement() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Text.Json;

        class Store
        {
            string Save(Widget w)
            {
                // by reflection
                return JsonSerializer.{|KPL3010:Serialize(w)|};
            }
        }
        """, """
        using System.Text.Json;
        using Koupleless.Adapters;

        class Store
        {
            string Save(Widget w)
            {
                FrameworkCaches.ReleaseSystemTextJsonOnUnload(typeof(Store).Assembly);
                // by reflection
                return JsonSerializer.Serialize(w);
            }
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .WithReferences(MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.FrameworkCaches).Assembly.Location))
        .RunAsync();

    [Fact]
    public Task TypeDescriptor_diagnostics_get_no_fix_and_remain() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.ComponentModel;
        using System.Text.Json;

        class Store
        {
            string Save(Widget w) => JsonSerializer.{|KPL3010:Serialize(w)|};
            object Describe() => TypeDescriptor.{|KPL3010:GetProperties(typeof(Widget))|};
        }
        """, $$"""
        using System.ComponentModel;
        using System.Text.Json;

        class Store
        {
            string Save(Widget w) => JsonSerializer.Serialize(w);
            object Describe() => TypeDescriptor.{|#0:GetProperties(typeof(Widget))|};

        {{Release}}
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .RemainingAfterFix(new DiagnosticResult(RuleIds.ProcessWideTypeCache, DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("TypeDescriptor.GetProperties", "Widget", "the TypeDescriptor cache", "declare the type in a shared library, or read its members with plain reflection instead of TypeDescriptor"))
        .RunAsync();

    [Fact]
    public Task No_fix_is_offered_for_TypeDescriptor_alone()
    {
        const string source = """
            using System.ComponentModel;

            class Grid
            {
                object Describe(Widget w) => TypeDescriptor.{|KPL3010:GetProperties(w)|};
            }
            """;
        return CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For(source, source)
            .WithDocument("/0/Model.cs", Model, Model)
            .RunAsync();
    }

    /// <summary>With Koupleless.Adapters referenced, a TypeDescriptor site gets the package's release (measured by its UnloadTests).</summary>
    [Fact]
    public Task With_the_package_a_TypeDescriptor_site_gets_its_release() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.ComponentModel;

        class Grid
        {
            int Columns(Widget w)
            {
                return TypeDescriptor.{|KPL3010:GetProperties(w)|}.Count;
            }
        }
        """, """
        using System.ComponentModel;
        using Koupleless.Adapters;

        class Grid
        {
            int Columns(Widget w)
            {
                FrameworkCaches.ReleaseTypeDescriptorOnUnload(typeof(Grid).Assembly);
                return TypeDescriptor.GetProperties(w).Count;
            }
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .WithReferences(MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.FrameworkCaches).Assembly.Location))
        .RunAsync();

    /// <summary>
    /// With Koupleless.Adapters.NewtonsoftJson referenced, a Newtonsoft.Json site gets <c>ModuleJson.ReleaseOnUnload</c>
    /// (Newtonsoft's caches and TypeDescriptor's, measured by ModuleJsonTests); both sites of the statement's method are covered.
    /// </summary>
    [Fact]
    public Task With_the_Newtonsoft_adapter_a_Newtonsoft_site_gets_its_release() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using Newtonsoft.Json;

        class Store
        {
            string Save(Widget w)
            {
                return JsonConvert.{|KPL3010:SerializeObject(w)|};
            }
        }
        """, """
        using Koupleless.Adapters.NewtonsoftJson;
        using Newtonsoft.Json;

        class Store
        {
            string Save(Widget w)
            {
                ModuleJson.ReleaseOnUnload(typeof(Store).Assembly);
                return JsonConvert.SerializeObject(w);
            }
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .WithReferences(
            MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.FrameworkCaches).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.NewtonsoftJson.ModuleJson).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Newtonsoft.Json.JsonConvert).Assembly.Location))
        .RunAsync();

    /// <summary>
    /// With Koupleless.Adapters.Dapper referenced, a Dapper query over a module's row type (a catalog line) gets
    /// <c>ModuleDapper.ReleaseOnUnload</c>: the query cache, type maps and type handlers, measured by ModuleDapperTests.
    /// </summary>
    [Fact]
    public Task With_the_Dapper_adapter_a_Dapper_query_gets_its_release() => CodeFixSpec<ProcessWideTypeCacheAnalyzer, ProcessWideTypeCacheFixer>.For("""
        using System.Collections.Generic;
        using System.Data;
        using Dapper;

        class Orders
        {
            IEnumerable<Widget> Open(IDbConnection db)
            {
                return db.{|KPL3010:Query<Widget>("select * from widgets")|};
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Data;
        using Dapper;
        using Koupleless.Adapters.Dapper;

        class Orders
        {
            IEnumerable<Widget> Open(IDbConnection db)
            {
                ModuleDapper.ReleaseOnUnload(typeof(Orders).Assembly);
                return db.Query<Widget>("select * from widgets");
            }
        }
        """)
        .WithDocument("/0/Model.cs", Model, Model)
        .WithReferences(
            MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.FrameworkCaches).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.Dapper.ModuleDapper).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Dapper.SqlMapper).Assembly.Location))
        .RunAsync();
}
