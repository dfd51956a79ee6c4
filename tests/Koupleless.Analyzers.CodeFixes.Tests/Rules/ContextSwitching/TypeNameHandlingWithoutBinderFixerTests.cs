using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

public sealed class TypeNameHandlingWithoutBinderFixerTests
{
    /// <summary>The Newtonsoft.Json this test project references (Directory.Packages.props), by path.</summary>
    private static readonly MetadataReference NewtonsoftJson = MetadataReference.CreateFromFile(typeof(Newtonsoft.Json.JsonConvert).Assembly.Location);

    [Fact]
    public Task The_settings_get_a_binder_nested_once_in_their_type() => CodeFixSpec<TypeNameHandlingWithoutBinderAnalyzer, TypeNameHandlingWithoutBinderFixer>.For(
        """
        using Newtonsoft.Json;

        namespace Store
        {
            class Repository
            {
                private readonly JsonSerializerSettings _inline = new JsonSerializerSettings { {|KPL2006:TypeNameHandling = TypeNameHandling.Auto|} };

                private readonly JsonSerializerSettings _multiline = new JsonSerializerSettings
                {
                    // payloads carry $type
                    {|KPL2006:TypeNameHandling = TypeNameHandling.All|},
                    MaxDepth = 16
                };

                object? Read(string json)
                {
                    var settings = new JsonSerializerSettings();
                    {|KPL2006:settings.TypeNameHandling = TypeNameHandling.Objects|}; // polymorphic payloads
                    return JsonConvert.DeserializeObject(json, settings);
                }
            }
        }
        """,
        $$"""
        using Newtonsoft.Json;

        namespace Store
        {
            class Repository
            {
                private readonly JsonSerializerSettings _inline = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new ModuleSerializationBinder() };

                private readonly JsonSerializerSettings _multiline = new JsonSerializerSettings
                {
                    // payloads carry $type
                    TypeNameHandling = TypeNameHandling.All,
                    SerializationBinder = new ModuleSerializationBinder(),
                    MaxDepth = 16
                };

                object? Read(string json)
                {
                    var settings = new JsonSerializerSettings();
                    settings.TypeNameHandling = TypeNameHandling.Objects; // polymorphic payloads
                    settings.SerializationBinder = new ModuleSerializationBinder();
                    return JsonConvert.DeserializeObject(json, settings);
                }

        {{NestedBinder("        ")}}
            }
        }
        """)
        .WithReferences(NewtonsoftJson)
        .WithIterations(3)
        .RunAsync();

    [Fact]
    public Task Fix_all_generates_one_binder_and_reuses_an_existing_one_across_documents() => CodeFixSpec<TypeNameHandlingWithoutBinderAnalyzer, TypeNameHandlingWithoutBinderFixer>.For(
        """
        using Newtonsoft.Json;

        class First
        {
            JsonSerializer Create() => new JsonSerializer { {|KPL2006:TypeNameHandling = TypeNameHandling.Auto|}, MaxDepth = 8 };
        }
        """,
        """
        using Newtonsoft.Json;
        using Shared.Json;

        class First
        {
            JsonSerializer Create() => new JsonSerializer { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new ModuleSerializationBinder(), MaxDepth = 8 };
        }
        """)
        .WithSecondDocument(
        """
        using Newtonsoft.Json;

        namespace Shared.Json
        {
            class ModuleSerializationBinder : Newtonsoft.Json.Serialization.DefaultSerializationBinder
            {
            }

            class Second
            {
                void Configure(JsonSerializerSettings settings, TypeNameHandling handling)
                {
                    {|KPL2006:settings.TypeNameHandling = handling|};
                }
            }
        }
        """,
        """
        using Newtonsoft.Json;

        namespace Shared.Json
        {
            class ModuleSerializationBinder : Newtonsoft.Json.Serialization.DefaultSerializationBinder
            {
            }

            class Second
            {
                void Configure(JsonSerializerSettings settings, TypeNameHandling handling)
                {
                    settings.TypeNameHandling = handling;
                    settings.SerializationBinder = new ModuleSerializationBinder();
                }
            }
        }
        """)
        .WithReferences(NewtonsoftJson)
        .RunAsync();

    [Fact]
    public Task Without_a_namespace_the_binder_is_nested_in_the_type() => CodeFixSpec<TypeNameHandlingWithoutBinderAnalyzer, TypeNameHandlingWithoutBinderFixer>.For(
        """
        using Newtonsoft.Json;

        class Store
        {
            void Configure(JsonSerializerSettings settings) => settings.TypeNameHandling = TypeNameHandling.None;

            void Polymorphic(JsonSerializerSettings settings)
            {
                {|KPL2006:settings.TypeNameHandling = TypeNameHandling.Auto|};
            }
        }
        """,
        $$"""
        using Newtonsoft.Json;

        class Store
        {
            void Configure(JsonSerializerSettings settings) => settings.TypeNameHandling = TypeNameHandling.None;

            void Polymorphic(JsonSerializerSettings settings)
            {
                settings.TypeNameHandling = TypeNameHandling.Auto;
                settings.SerializationBinder = new ModuleSerializationBinder();
            }

        {{NestedBinder("    ")}}
        }
        """)
        .WithReferences(NewtonsoftJson)
        .RunAsync();

    private const string EnvelopeWithAttributes = """
        using Newtonsoft.Json;

        namespace Store
        {
            [JsonObject({|KPL2006:ItemTypeNameHandling = TypeNameHandling.Auto|})]
            class Envelope
            {
                [JsonProperty({|KPL2006:TypeNameHandling = TypeNameHandling.Objects|})] // polymorphic body
                public object? Body { get; set; }
            }
        }
        """;

    [Fact]
    public Task An_attribute_gets_no_fix_its_binder_belongs_to_the_settings_of_the_call_site()
        => CodeFixSpec<TypeNameHandlingWithoutBinderAnalyzer, TypeNameHandlingWithoutBinderFixer>.For(EnvelopeWithAttributes, EnvelopeWithAttributes)
            .WithReferences(NewtonsoftJson)
            .RunAsync();

    [Fact]
    public Task Binding_the_projects_settings_also_clears_the_attribute_reports() => CodeFixSpec<TypeNameHandlingWithoutBinderAnalyzer, TypeNameHandlingWithoutBinderFixer>.For(
        EnvelopeWithAttributes,
        EnvelopeWithAttributes.Replace("{|KPL2006:", string.Empty).Replace("|}", string.Empty))
        .WithSecondDocument(
        """
        using Newtonsoft.Json;

        namespace Store
        {
            static class Reader
            {
                public static Envelope? Read(string json)
                    => JsonConvert.DeserializeObject<Envelope>(json, new JsonSerializerSettings { {|KPL2006:TypeNameHandling = TypeNameHandling.Auto|} });
            }
        }
        """,
        $$"""
        using Newtonsoft.Json;

        namespace Store
        {
            static class Reader
            {
                public static Envelope? Read(string json)
                    => JsonConvert.DeserializeObject<Envelope>(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new ModuleSerializationBinder() });

        {{NestedBinder("        ")}}
            }
        }
        """)
        .WithReferences(NewtonsoftJson)
        .RunAsync();

    [Fact]
    public void The_nested_binder_binds_to_its_own_assembly_and_needs_no_using_directive()
    {
        var source = ModuleSerializationBinderSource.Nested;
        Assert.StartsWith("/// <summary>", source);
        Assert.Contains("private sealed class ModuleSerializationBinder : global::Newtonsoft.Json.Serialization.ISerializationBinder", source);
        Assert.Contains("typeof(ModuleSerializationBinder).Assembly", source);
        Assert.Contains("throw new global::Newtonsoft.Json.JsonSerializationException", source);
        Assert.DoesNotContain("\r", source);
        Assert.DoesNotContain("namespace", source);
    }

    /// <summary>The binder as the fix nests it in a type whose members are indented by <paramref name="indentation"/>.</summary>
    private static string NestedBinder(string indentation) => NestedHelperText.At(ModuleSerializationBinderSource.Nested, indentation);
}
