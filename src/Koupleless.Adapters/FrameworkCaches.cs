using System;
using System.Reflection;

namespace Koupleless.Adapters;

/// <summary>
/// Releases for the process-wide caches of the framework that keep a module's types (KPL3010). Only what is measured to
/// let the module unload is here: reflection-based System.Text.Json (dotnet/runtime#65323; DESIGN.md and
/// ProcessWideTypeCacheRuntimeTests) and TypeDescriptor (measured with Newtonsoft.Json, which goes through it).
/// </summary>
public static class FrameworkCaches
{
    /// <summary>
    /// Empties System.Text.Json's reflection metadata caches when <paramref name="moduleAssembly"/>'s context unloads, by
    /// calling the runtime's hot-reload handler (internal, hence by reflection). The clear is process-wide: other modules
    /// and the base rebuild their metadata on next use. Registers once per context; false when the context cannot unload.
    /// </summary>
    public static bool ReleaseSystemTextJsonOnUnload(Assembly moduleAssembly)
        => ModuleUnload.RegisterOnce(moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly)), "System.Text.Json", ClearSystemTextJsonCaches);

    private static void ClearSystemTextJsonCaches()
        => Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")
            ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?.Invoke(null, new object?[] { null });

    /// <summary>
    /// Removes <paramref name="moduleAssembly"/>'s context's types from TypeDescriptor's process-wide caches when that
    /// context unloads (<c>TypeDescriptor.GetConverter</c> of a module type keeps the module loaded otherwise, and
    /// <c>TypeDescriptor.Refresh</c> does not release it). Only the module's entries go. Registers once per context;
    /// false when the context cannot unload.
    /// </summary>
    public static bool ReleaseTypeDescriptorOnUnload(Assembly moduleAssembly)
        => ModuleUnload.RegisterOnce(
            moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly)),
            "TypeDescriptor",
            () => TypeDescriptorCaches.Remove(moduleAssembly));
}
