using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;

namespace Koupleless.Adapters;

/// <summary>
/// Which types belong to a module, for the library adapters that must drop a module's entries from a cache shared by the
/// base: a type pins the module's context when it is declared there, and so does an array of it or a generic type over
/// it (<c>List&lt;Widget&gt;</c> lives in the framework's assembly but keeps <c>Widget</c> loaded).
/// </summary>
public static class ModuleTypes
{
    /// <summary>
    /// True when <paramref name="type"/> is declared in <paramref name="moduleAssembly"/>'s load context (any of its
    /// assemblies), or is an array, pointer, by-ref or generic instantiation over such a type.
    /// </summary>
    public static bool BelongTo(Type type, Assembly moduleAssembly)
    {
        if (type is null)
        {
            throw new ArgumentNullException(nameof(type));
        }

        return BelongTo(type, LoadContexts.Of(moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly))));
    }

    /// <summary>
    /// Removes from a shared cache every entry whose key or value names a type of <paramref name="moduleAssembly"/>'s
    /// context (see <see cref="BelongTo(Type, Assembly)"/>): a <see cref="Type"/>, a member or parameter of such a type, a
    /// cached object that exposes one (a <c>JsonContract</c>'s <c>UnderlyingType</c>), or a struct key made of them.
    /// Meant for the module's <c>Unloading</c> event; returns how many entries went.
    /// </summary>
    public static int RemoveFrom(IDictionary table, Assembly moduleAssembly)
    {
        if (table is null)
        {
            throw new ArgumentNullException(nameof(table));
        }

        var context = LoadContexts.Of(moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly)));

        // A concurrent dictionary enumerates a snapshot and removes safely; a Hashtable needs its writers serialised.
        var guard = table.GetType().Namespace == "System.Collections.Concurrent" ? new object() : table.SyncRoot;
        lock (guard)
        {
            var doomed = new List<object>();
            foreach (DictionaryEntry entry in table)
            {
                if (Mentions(entry.Key, context, nested: false) || Mentions(entry.Value, context, nested: false))
                {
                    doomed.Add(entry.Key);
                }
            }

            foreach (var key in doomed)
            {
                table.Remove(key);
            }

            return doomed.Count;
        }
    }

    private static bool BelongTo(Type type, object? context)
    {
        if (type.HasElementType)
        {
            return BelongTo(type.GetElementType()!, context);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                if (BelongTo(argument, context))
                {
                    return true;
                }
            }
        }

        return !type.IsGenericParameter && Equals(LoadContexts.Of(type.Assembly), context);
    }

    private static bool Mentions(object? value, object? context, bool nested)
    {
        switch (value)
        {
            case null:
                return false;
            case Type type:
                return BelongTo(type, context);
            case MemberInfo member:
                return member.DeclaringType is { } declaring && BelongTo(declaring, context);
            case ParameterInfo parameter:
                return Mentions(parameter.Member, context, nested);
        }

        // One level into what the caches of the adapted libraries hold: a struct of two keys, a contract of a type.
        if (nested)
        {
            return false;
        }

        var valueType = value.GetType();
        if (valueType.IsValueType && !valueType.IsPrimitive)
        {
            foreach (var field in valueType.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (Mentions(field.GetValue(value), context, nested: true))
                {
                    return true;
                }
            }

            return false;
        }

        return valueType.GetProperty("UnderlyingType", BindingFlags.Instance | BindingFlags.Public) is { } underlying
            && underlying.PropertyType == typeof(Type)
            && Mentions(underlying.GetValue(value), context, nested: true);
    }
}
