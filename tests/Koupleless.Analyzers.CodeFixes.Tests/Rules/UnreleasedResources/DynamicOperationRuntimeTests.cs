using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3011 at run time: a module that runs one dynamic operation is loaded into a collectible context,
/// unloaded, and watched. With Microsoft.CSharp shared from the default context (what every host does) the runtime
/// binder's cache keeps the module; the same module written with typed code unloads, and so does the dynamic one
/// when its context loads a private copy of Microsoft.CSharp (the host-side workaround of dotnet/runtime#78952).
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class DynamicOperationRuntimeTests
{
    private const string DynamicModule = """
        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = "w"; }

            public static class Entry
            {
                public static string Run()
                {
                    dynamic widget = new Widget();
                    return widget.Name;
                }
            }
        }
        """;

    private const string TypedModule = """
        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = "w"; }

            public static class Entry
            {
                public static string Run()
                {
                    object widget = new Widget();
                    return ((Widget)widget).Name;
                }
            }
        }
        """;

    private static readonly string MicrosoftCSharp = typeof(Microsoft.CSharp.RuntimeBinder.Binder).Assembly.Location;

    [Fact]
    public async Task A_dynamic_operation_keeps_the_module_through_the_shared_runtime_binder()
    {
        var module = await BuildAsync(DynamicModule);
        Assert.Single(module.Diagnostics);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(module.Image, "w")), "a dynamic operation did not keep the module: KPL3011 would be a false positive");
    }

    /// <summary>Held-out set 10 (Scriban's async function call): awaiting a value typed dynamic keeps the module as well.</summary>
    [Fact]
    public async Task Awaiting_a_dynamic_value_keeps_the_module_through_the_shared_runtime_binder()
    {
        var module = await BuildAsync("""
            namespace Module
            {
                public static class Entry
                {
                    public static object Run() => Await(System.Threading.Tasks.Task.FromResult<object>("w")).GetAwaiter().GetResult();

                    // The await is the only operation bound at run time (a dynamic result converted to object binds nothing).
                    private static async System.Threading.Tasks.Task<object> Await(object task) => await (dynamic)task;
                }
            }
            """);
        Assert.Single(module.Diagnostics);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(module.Image, "w")), "awaiting a dynamic value did not keep the module: KPL3011 on await would be a false positive");
    }

    [Fact]
    public async Task The_same_module_written_with_typed_code_unloads_and_is_not_reported()
    {
        var module = await BuildAsync(TypedModule);
        Assert.Empty(module.Diagnostics);
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(module.Image, "w")), "the typed module did not unload: the dynamic test proves nothing");
    }

    [Fact]
    public async Task A_private_copy_of_Microsoft_CSharp_in_the_module_context_lets_it_unload()
    {
        var module = await BuildAsync(DynamicModule);
        Assert.True(ModuleRuntime.IsCollected(LoadWithPrivateBinderRunAndUnload(module.Image)), "the module's own Microsoft.CSharp did not release it: the workaround in the message would be wrong");
    }

    /// <summary>
    /// The Shared side, not reported by KPL3011 yet: a library the base shares runs a dynamic operation on an object a
    /// module hands it. The calling type is the library's, but the call site's rules test the receiver's type.
    /// </summary>
    [Fact]
    public void A_shared_librarys_dynamic_operation_on_a_module_object_keeps_the_module()
    {
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { """
            namespace Module
            {
                public sealed class Widget { public string Name { get; set; } = "w"; }

                public static class Entry
                {
                    public static string Run() => Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources.SharedDynamicCode.NameOf(new Widget());
                }
            }
            """ }, new[] { typeof(SharedDynamicCode).Assembly.Location });
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "w")), "a shared library's dynamic operation on a module object did not keep the module");
    }

    private static Task<ModuleBuild> BuildAsync(string source)
        => ModuleRuntime.BuildAsync(source, new DynamicOperationAnalyzer(), sharedAssemblies: new[] { MicrosoftCSharp }, assemblyName: ModuleRuntime.UniqueAssemblyName());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadWithPrivateBinderRunAndUnload(byte[] image)
    {
        var context = new PrivateBinderContext();
        var entry = context.LoadFromStream(new MemoryStream(image)).GetType("Module.Entry", throwOnError: true)!;
        Assert.Equal("w", entry.GetMethod("Run")!.Invoke(null, null));
        context.Unload();
        return new WeakReference(context);
    }

    /// <summary>A module context that loads its own Microsoft.CSharp from the shared framework's file.</summary>
    private sealed class PrivateBinderContext() : AssemblyLoadContext("Module", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
            => assemblyName.Name == "Microsoft.CSharp" ? LoadFromAssemblyPath(MicrosoftCSharp) : null;
    }
}

/// <summary>Shared code (this test assembly lives in the default context) that reads a member of whatever it is handed, dynamically.</summary>
public static class SharedDynamicCode
{
    public static string NameOf(object value)
    {
        dynamic item = value;
        return item.Name;
    }
}
