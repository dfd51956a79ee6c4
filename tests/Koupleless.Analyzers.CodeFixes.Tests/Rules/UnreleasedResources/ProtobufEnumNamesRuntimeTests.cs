using System;
using Google.Protobuf;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures what KPL3010 says of Google.Protobuf's JsonFormatter: with Google.Protobuf shared from the default context
/// (this test process, as a base shares it), a module that formats one of its own proto enums (what a generated
/// message's <c>ToString()</c> does for a non-default enum field) stays loaded after it is unloaded; formatting only
/// framework values lets it go.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class ProtobufEnumNamesRuntimeTests
{
    private const string Module = """
        using System.IO;
        using Google.Protobuf;
        using Google.Protobuf.Reflection;

        namespace Module
        {
            public enum Status
            {
                [OriginalName("STATUS_UNSPECIFIED")] Unspecified = 0,
                [OriginalName("STATUS_RUNNING")] Running = 1,
            }

            public static class Entry
            {
                public static string Run(bool enumValue)
                {
                    var writer = new StringWriter();
                    JsonFormatter.Default.WriteValue(writer, enumValue ? Status.Running : (object)"running");
                    return writer.ToString();
                }
            }
        }
        """;

    private static readonly string[] Shared = { typeof(JsonFormatter).Assembly.Location };

    [Fact]
    public void Formatting_a_module_proto_enum_keeps_the_module()
    {
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { Module }, Shared);
        Assert.False(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "\"STATUS_RUNNING\"", new object?[] { true })),
            "JsonFormatter's enum-name table did not keep the module: the rule would be a false positive");
    }

    [Fact]
    public void Formatting_only_framework_values_lets_the_module_unload()
    {
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { Module }, Shared);
        Assert.True(
            ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "\"running\"", new object?[] { false })),
            "the module did not unload though it formatted only a string: the test would prove nothing");
    }
}
