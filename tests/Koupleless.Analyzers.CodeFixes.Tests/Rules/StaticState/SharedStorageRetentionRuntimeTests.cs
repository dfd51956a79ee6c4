using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>
/// The run-time facts behind KPL1002 and the Shared role of KPL3010 (docs/rules/KPL1002.md, "Measured"): a module
/// compiled here is loaded into a collectible context, hands one of its types (or members, or objects) to a shared
/// library — this test assembly, which lives in the default context as a library the base shares — and is unloaded.
/// Each test pins what the runtime did; the rules follow these facts.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class SharedStorageRetentionRuntimeTests
{
    private static readonly string[] Shared = { typeof(SharedStorages).Assembly.Location };

    [Fact]
    public void A_type_keyed_static_cache_filled_from_a_module_type_keeps_the_module()
        => AssertKept("SharedStorages.DescribeCached(typeof(Widget))");

    [Fact]
    public void The_same_cache_behind_a_wrapper_method_keeps_the_module()
        => AssertKept("SharedStorages.Store.Get(typeof(Widget))");

    [Fact]
    public void The_instance_cache_of_a_static_default_resolver_keeps_the_module()
        => AssertKept("DefaultResolver.Instance.Resolve(typeof(Widget))");

    [Fact]
    public void A_member_keyed_cache_of_a_generic_static_class_over_a_shared_type_keeps_the_module()
        => AssertKept("MemberCache<object>.Remember(typeof(Widget).GetProperty(\"Name\")!)");

    [Fact]
    public void TypeDescriptor_GetConverter_called_by_shared_code_on_a_module_type_keeps_the_module()
        => AssertKept("SharedStorages.ConverterName(typeof(Widget))");

    [Fact]
    public void DataAnnotations_validation_called_by_shared_code_on_a_module_object_keeps_the_module()
        => AssertKept("SharedStorages.Validate(new Widget())");

    [Fact]
    public void DataAnnotations_validation_called_by_the_module_itself_keeps_the_module()
        => AssertKept("((System.Func<Widget, bool>)(w => System.ComponentModel.DataAnnotations.Validator.TryValidateObject(w, new System.ComponentModel.DataAnnotations.ValidationContext(w), null, true)))(new Widget())");

    [Fact]
    public void Statics_of_a_generic_static_class_instantiated_over_a_module_type_unload_with_the_module()
        => AssertCollected("GenericCache<Widget>.Remember(new Widget())");

    [Fact]
    public void A_type_keyed_cache_that_drops_the_module_types_on_Unloading_lets_the_module_unload()
        => AssertCollected("SharedStorages.DescribeReleased(typeof(Widget))");

    private static void AssertKept(string call)
        => Assert.False(ModuleRuntime.IsCollected(Run(call)), $"the module was collected after '{call}': the rule would be a false positive");

    private static void AssertCollected(string call)
        => Assert.True(ModuleRuntime.IsCollected(Run(call)), $"the module was not collected after '{call}'");

    private static WeakReference Run(string call)
    {
        var source = $$"""
            using Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

            namespace Module
            {
                public sealed class Widget { public string Name { get; set; } = ""; }

                public static class Entry
                {
                    public static string Run() { _ = {{call}}; return "ran"; }
                }
            }
            """;
        var image = ModuleRuntime.Compile(ModuleRuntime.UniqueAssemblyName(), new[] { source }, Shared);
        return ModuleRuntime.LoadRunAndUnload(image, "ran");
    }
}

/// <summary>Static storage of a library the base shares with its modules (this assembly is in the default context).</summary>
public static class SharedStorages
{
    private static readonly ConcurrentDictionary<Type, string> Descriptions = new();
    private static readonly ConcurrentDictionary<Type, string> ReleasedDescriptions = new();

    public static readonly TypeStore Store = new();

    public static string DescribeCached(Type type) => Descriptions.GetOrAdd(type, t => t.FullName!);

    /// <summary>The adapter pattern KPL1002 points to: the entries of a module's types go when the module unloads.</summary>
    public static string DescribeReleased(Type type)
    {
        if (AssemblyLoadContext.GetLoadContext(type.Assembly) is { IsCollectible: true } context && !ReleasedDescriptions.ContainsKey(type))
        {
            context.Unloading += unloading =>
            {
                foreach (var key in ReleasedDescriptions.Keys)
                {
                    if (AssemblyLoadContext.GetLoadContext(key.Assembly) == unloading)
                    {
                        ReleasedDescriptions.TryRemove(key, out _);
                    }
                }
            };
        }

        return ReleasedDescriptions.GetOrAdd(type, t => t.FullName!);
    }

    public static string ConverterName(Type type) => TypeDescriptor.GetConverter(type).GetType().Name;

    public static bool Validate(object instance)
        => System.ComponentModel.DataAnnotations.Validator.TryValidateObject(instance, new System.ComponentModel.DataAnnotations.ValidationContext(instance), null, true);
}

/// <summary>A library's own wrapper around a dictionary, adding on a miss.</summary>
public sealed class TypeStore
{
    private readonly Dictionary<Type, string> _names = new();

    public string Get(Type type)
    {
        lock (_names)
        {
            if (!_names.TryGetValue(type, out var name))
            {
                _names[type] = name = type.Name;
            }

            return name;
        }
    }
}

/// <summary>A default resolver: a static readonly instance whose instance field caches a contract per type.</summary>
public sealed class DefaultResolver
{
    public static readonly DefaultResolver Instance = new();

    private readonly ConcurrentDictionary<Type, PropertyInfo[]> _contracts = new();

    public int Resolve(Type type) => _contracts.GetOrAdd(type, t => t.GetProperties()).Length;
}

public static class MemberCache<T>
{
    private static readonly ConcurrentDictionary<MemberInfo, string> Names = new();

    public static string Remember(MemberInfo member) => Names.GetOrAdd(member, m => typeof(T).Name + "." + m.Name);
}

public static class GenericCache<T>
{
    private static T? _last;
    private static readonly Type Kind = typeof(T);

    public static string Remember(T value)
    {
        _last = value;
        return Kind.Name + (_last is null ? "" : "!");
    }
}
