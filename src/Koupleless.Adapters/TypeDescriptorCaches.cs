using System;
using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace Koupleless.Adapters;

/// <summary>
/// TypeDescriptor's process-wide caches of a module's types. Measured (Koupleless.Adapters.NewtonsoftJson.Tests):
/// <c>TypeDescriptor.GetConverter(moduleType)</c>, which Newtonsoft.Json calls for every type it builds a contract for,
/// keeps the module loaded through TypeDescriptor's per-type table and those of its reflection provider
/// (<c>ReflectTypeDescriptionProvider</c>: its attribute cache and its per-type data); <c>TypeDescriptor.Refresh</c>
/// does not empty them (DESIGN.md). They are internal: a runtime that renames them makes this a no-op, not an error.
/// </summary>
internal static class TypeDescriptorCaches
{
    private const BindingFlags Statics = BindingFlags.Static | BindingFlags.NonPublic;

    public static void Remove(Assembly moduleAssembly)
    {
        RemoveFromStaticTables(typeof(TypeDescriptor), moduleAssembly);
        var provider = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.ReflectTypeDescriptionProvider");
        if (provider is null)
        {
            return;
        }

        RemoveFromStaticTables(provider, moduleAssembly);

        // The provider instances hang in TypeDescriptor's provider table, each as a chain of nodes.
        var typeData = provider.GetField("_typeData", BindingFlags.Instance | BindingFlags.NonPublic);
        if (typeData is null || typeof(TypeDescriptor).GetField("s_providerTable", Statics)?.GetValue(null) is not IDictionary providers)
        {
            return;
        }

        foreach (var node in Snapshot(providers))
        {
            for (var current = node; current is not null; current = Field(current, "Next"))
            {
                if (Field(current, "Provider") is { } instance && provider.IsInstanceOfType(instance) && typeData.GetValue(instance) is IDictionary data)
                {
                    ModuleTypes.RemoveFrom(data, moduleAssembly);
                }
            }
        }
    }

    private static void RemoveFromStaticTables(Type owner, Assembly moduleAssembly)
    {
        foreach (var field in owner.GetFields(Statics))
        {
            if (field.GetValue(null) is IDictionary table)
            {
                ModuleTypes.RemoveFrom(table, moduleAssembly);
            }
        }
    }

    private static object[] Snapshot(IDictionary table)
    {
        lock (table.SyncRoot)
        {
            var values = new object[table.Count];
            table.Values.CopyTo(values, 0);
            return values;
        }
    }

    private static object? Field(object instance, string name)
        => instance.GetType().GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(instance);
}
