using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// The netstandard2.0 build reaches AssemblyLoadContext by reflection (LoadContexts). A .NET 8+ process picks the net8.0
/// build, so this test loads the netstandard2.0 one into a context of its own and drives its holder and its unload
/// registration through reflection: a module's value is its own inside its scope, and the module still unloads.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class NetStandardBuildTests
{
    private static readonly Lazy<Assembly> Adapters = new(() =>
    {
        var path = typeof(NetStandardBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetStandardAdapters").Value!;
        Assert.True(File.Exists(path), "the netstandard2.0 build is missing: " + path);
        var assembly = new AssemblyLoadContext("netstandard2.0 adapters").LoadFromAssemblyPath(Path.GetFullPath(path));
        Assert.Equal(".NETStandard,Version=v2.0", assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName);
        return assembly;
    });

    [Fact]
    public void The_holder_keeps_a_value_per_context_and_lets_a_module_unload()
    {
        var holder = Activator.CreateInstance(Adapters.Value.GetType("Koupleless.Adapters.PerLoadContext`1", throwOnError: true)!.MakeGenericType(typeof(object)))!;
        var value = holder.GetType().GetProperty("Value")!;
        value.SetValue(holder, "base");

        var module = StoreModuleObject(holder, value);

        Assert.True(ModuleRuntime.IsCollected(module), "the netstandard2.0 holder kept the module loaded");
        Assert.Equal("base", value.GetValue(holder));
    }

    [Fact]
    public void ModuleUnload_runs_the_release_when_the_module_unloads()
    {
        var register = Adapters.Value.GetType("Koupleless.Adapters.ModuleUnload", throwOnError: true)!.GetMethod("Register")!;
        var released = 0;
        Unload(register, () => released++);
        Assert.Equal(1, released);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StoreModuleObject(object holder, PropertyInfo value)
    {
        var (context, assembly) = LoadModule();
        var enter = Adapters.Value.GetType("Koupleless.Adapters.ModuleCall", throwOnError: true)!.GetMethod("Enter")!;
        using (var scope = (IDisposable)enter.Invoke(null, new object[] { assembly })!)
        {
            Assert.Null(value.GetValue(holder));
            value.SetValue(holder, Activator.CreateInstance(assembly.GetType("Module.Widget", throwOnError: true)!));
            Assert.Same(assembly, value.GetValue(holder)!.GetType().Assembly);
        }

        context.Unload();
        return new WeakReference(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Unload(MethodInfo register, Action release)
    {
        var (context, assembly) = LoadModule();
        Assert.True((bool)register.Invoke(null, new object[] { assembly, release })!);
        context.Unload();
    }

    private static (AssemblyLoadContext Context, Assembly Assembly) LoadModule()
    {
        var name = ModuleRuntime.UniqueAssemblyName();
        var context = new AssemblyLoadContext(name, isCollectible: true);
        return (context, context.LoadFromStream(new MemoryStream(ModuleRuntime.Compile(name, new[] { "namespace Module { public sealed class Widget { } }" }))));
    }
}
