using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Koupleless.Adapters.NewtonsoftJson;

/// <summary>
/// Newtonsoft.Json's process-wide caches of the types it has seen. Measured with Newtonsoft shared by the base
/// (ModuleJsonTests): a module that serializes one of its types stays loaded through the default resolver's contract
/// cache (no resolver given), <c>CamelCasePropertyNamesContractResolver</c>'s static cache, the attribute and reflection
/// caches every resolver fills (<c>CachedAttributeGetter&lt;T&gt;</c>, <c>JsonTypeReflector</c>, …) and the default
/// binder's name→type cache. All are internal: reached by reflection, a field a later Newtonsoft renames is skipped.
/// </summary>
internal static class NewtonsoftCaches
{
    private const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly Assembly Newtonsoft = typeof(JsonConvert).Assembly;

    public static void Remove(Assembly moduleAssembly)
    {
        foreach (var table in Tables())
        {
            ModuleTypes.RemoveFrom(table, moduleAssembly);
        }

        RemoveFromCamelCaseCache(moduleAssembly);
    }

    /// <summary>Every cache keyed or valued by type: the static <c>ThreadSafeStore</c>s and the shared resolver's and binder's.</summary>
    private static IEnumerable<IDictionary> Tables()
    {
        foreach (var type in Newtonsoft.GetTypes().Where(type => !type.ContainsGenericParameters))
        {
            foreach (var field in type.GetFields(Statics).Where(IsStore))
            {
                if (Store(field.GetValue(null)) is { } store)
                {
                    yield return store;
                }
            }
        }

        // One cache per attribute type that Newtonsoft looks up through CachedAttributeGetter<T>.
        if (Newtonsoft.GetType("Newtonsoft.Json.Serialization.CachedAttributeGetter`1") is { } getter)
        {
            var attributes = Newtonsoft.GetTypes()
                .Where(type => typeof(Attribute).IsAssignableFrom(type))
                .Concat(new[] { typeof(DataContractAttribute), typeof(DataMemberAttribute) });
            foreach (var attribute in attributes)
            {
                if (Store(getter.MakeGenericType(attribute).GetField("TypeAttributeCache", Statics)?.GetValue(null)) is { } store)
                {
                    yield return store;
                }
            }
        }

        // The resolver JsonConvert and JsonSerializer use when none is given, and the default binder.
        var sharedResolver = typeof(DefaultContractResolver).GetField("_instance", Statics)?.GetValue(null);
        if (sharedResolver is not null && Store(typeof(DefaultContractResolver).GetField("_contractCache", Instance)?.GetValue(sharedResolver)) is { } contracts)
        {
            yield return contracts;
        }

        var sharedBinder = typeof(DefaultSerializationBinder).GetField("Instance", Statics)?.GetValue(null);
        if (sharedBinder is not null && Store(typeof(DefaultSerializationBinder).GetField("_typeCache", Instance)?.GetValue(sharedBinder)) is { } names)
        {
            yield return names;
        }
    }

    private static bool IsStore(FieldInfo field) => field.FieldType.IsGenericType && field.FieldType.Name.StartsWith("ThreadSafeStore", StringComparison.Ordinal);

    /// <summary>A <c>ThreadSafeStore</c>'s dictionary (a ConcurrentDictionary since Newtonsoft.Json 12).</summary>
    private static IDictionary? Store(object? store)
        => store?.GetType().GetField("_concurrentStore", Instance)?.GetValue(store) as IDictionary;

    /// <summary>CamelCasePropertyNamesContractResolver shares one contract dictionary, replaced whole under its lock.</summary>
    private static void RemoveFromCamelCaseCache(Assembly moduleAssembly)
    {
        var resolver = typeof(CamelCasePropertyNamesContractResolver);
        var cache = resolver.GetField("_contractCache", Statics);
        if (cache is null || resolver.GetField("TypeContractCacheLock", Statics)?.GetValue(null) is not { } gate)
        {
            return;
        }

        lock (gate)
        {
            if (cache.GetValue(null) is IDictionary contracts)
            {
                // Newtonsoft reads the dictionary without the lock: change a copy, then publish it.
                var copy = (IDictionary)Activator.CreateInstance(contracts.GetType(), contracts)!;
                if (ModuleTypes.RemoveFrom(copy, moduleAssembly) > 0)
                {
                    cache.SetValue(null, copy);
                }
            }
        }
    }
}
