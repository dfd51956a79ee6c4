using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Newtonsoft.Json;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.ContextSwitching;

/// <summary>
/// Runs the binder the KPL2006 fix nests in the settings' type: one module compiled with it, loaded twice side by side in collectible
/// contexts, with Newtonsoft.Json shared from the default context (this test process), as in DESIGN.md's measurement.
/// </summary>
public sealed class ModuleSerializationBinderRuntimeTests
{
    private const string ModuleSource = """
        using Newtonsoft.Json;

        namespace Module
        {
            public class Widget
            {
                public string? Name { get; set; }
            }

            public static partial class Entry
            {
                public static object? Read(string json, bool withBinder)
                {
                    var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
                    if (withBinder)
                    {
                        settings.SerializationBinder = new ModuleSerializationBinder();
                    }

                    return JsonConvert.DeserializeObject(json, settings);
                }

                public static string Write(object value) => JsonConvert.SerializeObject(
                    value, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All, SerializationBinder = new ModuleSerializationBinder() });
            }
        }
        """;

    /// <summary>Compiled once; a fresh name per run keeps Newtonsoft's process-wide cache free of earlier runs' entries.</summary>
    private static readonly Lazy<(string Name, byte[] Image)> Module = new(() =>
    {
        var name = "KplBinderModule" + Guid.NewGuid().ToString("N");
        return (name, Compile(name));
    });

    [Fact]
    public void Each_copy_binds_to_its_own_types_and_other_assemblies_are_refused()
    {
        var (assemblyName, image) = Module.Value;
        var copyA = Load("copyA", image);
        var copyB = Load("copyB", image);
        var json = "{\"$type\":\"Module.Widget, " + assemblyName + "\",\"Name\":\"w\"}";

        Assert.Same(copyA, Read(copyA, json, withBinder: true).GetType().Assembly);
        Assert.Same(copyB, Read(copyB, json, withBinder: true).GetType().Assembly);

        // Generic arguments naming the module's type resolve in the reading copy too.
        var list = "{\"$type\":\"System.Collections.Generic.List`1[[Module.Widget, " + assemblyName + "]], System.Private.CoreLib\","
            + "\"$values\":[{\"$type\":\"Module.Widget, " + assemblyName + "\"}]}";
        Assert.Same(copyB, Read(copyB, list, withBinder: true).GetType().GetGenericArguments()[0].Assembly);

        // What the binder writes, it reads back.
        var widget = Activator.CreateInstance(copyB.GetType("Module.Widget", throwOnError: true)!)!;
        var written = (string)copyB.GetType("Module.Entry")!.GetMethod("Write")!.Invoke(null, new[] { widget })!;
        Assert.Same(copyB, Read(copyB, written, withBinder: true).GetType().Assembly);

        var foreign = "{\"$type\":\"Other.Gadget, OtherAssembly\"}";
        var refused = Assert.Throws<TargetInvocationException>(() => Read(copyB, foreign, withBinder: true));
        Assert.IsAssignableFrom<JsonException>(refused.InnerException);
    }

    [Fact]
    public void Without_the_binder_the_shared_serializer_hands_one_copy_the_others_type()
    {
        var (assemblyName, image) = Module.Value;
        var copyA = Load("copyA", image);
        var copyB = Load("copyB", image);
        var json = "{\"$type\":\"Module.Widget, " + assemblyName + "\",\"Name\":\"w\"}";

        var first = Read(copyA, json, withBinder: false).GetType().Assembly;
        var second = Read(copyB, json, withBinder: false).GetType().Assembly;

        // The measured hazard the binder exists for: both copies get the same (one copy's) type.
        Assert.Same(first, second);
    }

    private static object Read(Assembly module, string json, bool withBinder)
        => module.GetType("Module.Entry", throwOnError: true)!.GetMethod("Read")!.Invoke(null, new object[] { json, withBinder })!;

    private static Assembly Load(string name, byte[] image)
        => new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(new MemoryStream(image));

    private static byte[] Compile(string assemblyName)
        => ModuleRuntime.Compile(
            assemblyName,
            new[] { ModuleSource, NestedHelperText.InHost(ModuleSerializationBinderSource.Nested, "Module", "Entry") },
            sharedAssemblies: new[] { typeof(JsonConvert).Assembly.Location });
}
