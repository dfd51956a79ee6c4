using System;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Koupleless.Adapters;

/// <summary>
/// Releases for the process-wide caches of the framework that keep a module's types (KPL3010). Only what is measured to
/// let the module unload is here: reflection-based System.Text.Json (dotnet/runtime#65323; DESIGN.md and
/// ProcessWideTypeCacheRuntimeTests). TypeDescriptor and Newtonsoft.Json have no release known to work.
/// </summary>
public static class FrameworkCaches
{
    /// <summary>Contexts that already have the release: the call may sit before every serializing statement.</summary>
    private static readonly ConditionalWeakTable<object, object> Registered = new ConditionalWeakTable<object, object>();

    /// <summary>
    /// Empties System.Text.Json's reflection metadata caches when <paramref name="moduleAssembly"/>'s context unloads, by
    /// calling the runtime's hot-reload handler (internal, hence by reflection). The clear is process-wide: other modules
    /// and the base rebuild their metadata on next use. Registers once per context; false when the context cannot unload.
    /// </summary>
    public static bool ReleaseSystemTextJsonOnUnload(Assembly moduleAssembly)
    {
        if (moduleAssembly is null)
        {
            throw new ArgumentNullException(nameof(moduleAssembly));
        }

        if (LoadContexts.Of(moduleAssembly) is not { } context || !LoadContexts.IsCollectible(context))
        {
            return false;
        }

        lock (Registered)
        {
            if (Registered.TryGetValue(context, out _))
            {
                return true;
            }

            Registered.Add(context, context);
        }

        LoadContexts.OnUnloading(context, _ => ClearSystemTextJsonCaches());
        return true;
    }

    private static void ClearSystemTextJsonCaches()
        => Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")
            ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?.Invoke(null, new object?[] { null });
}
