using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>
/// Runs the holder the fix nests in a type (here a stand-in Shared.Counter), as DESIGN.md's "Verified at run time" measured it: the holder lives in the
/// default context, two collectible "module" contexts each see their own value inside their contextual-reflection
/// scope, and a module whose value is one of its own objects still unloads.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class PerLoadContextRuntimeTests
{
    private static readonly Lazy<Type> HolderDefinition = new(() =>
        AssemblyLoadContext.Default.LoadFromStream(Compile("KouplelessHolderUnderTest", NestedHelperText.InHost(PerLoadContextTemplate.Nested("TValue"), "Shared", "Counter")))
            .GetType("Shared.Counter+PerLoadContext`1", throwOnError: true)!);

    [Fact]
    public void Each_context_sees_its_own_value_inside_its_contextual_reflection_scope()
    {
        var holder = NewHolder();
        Set(holder, "base");
        var a = new AssemblyLoadContext("A", isCollectible: true);
        var b = new AssemblyLoadContext("B", isCollectible: true);

        using (a.EnterContextualReflection())
        {
            Assert.Null(Get(holder));
            Set(holder, "a");
        }

        using (b.EnterContextualReflection())
        {
            Assert.Null(Get(holder));
            Set(holder, "b");
        }

        using (a.EnterContextualReflection())
        {
            Assert.Equal("a", Get(holder));
        }

        Assert.Equal("base", Get(holder));
        a.Unload();
        b.Unload();
    }

    [Fact]
    public void A_module_whose_value_is_its_own_object_still_unloads()
    {
        var holder = NewHolder();
        var module = StoreModuleObject(holder);
        Assert.True(ModuleRuntime.IsCollected(module), "the module context was kept alive by the holder");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StoreModuleObject(object holder)
    {
        var context = new AssemblyLoadContext("Module", isCollectible: true);
        var assembly = context.LoadFromStream(Compile("KouplelessModuleUnderTest", "namespace Module { public sealed class Widget { } }"));
        using (context.EnterContextualReflection())
        {
            Set(holder, Activator.CreateInstance(assembly.GetType("Module.Widget", throwOnError: true)!));
            Assert.NotNull(Get(holder));
        }

        context.Unload();
        return new WeakReference(context);
    }

    private static object NewHolder() => Activator.CreateInstance(HolderDefinition.Value.MakeGenericType(typeof(object)))!;

    private static object? Get(object holder) => holder.GetType().GetProperty("Value")!.GetValue(holder);

    private static void Set(object holder, object? value) => holder.GetType().GetProperty("Value")!.SetValue(holder, value);

    private static MemoryStream Compile(string assemblyName, string source)
        => new(ModuleRuntime.Compile(assemblyName, new[] { source }));
}
