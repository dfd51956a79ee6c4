using System;
using System.Reflection;

namespace Koupleless.Adapters;

/// <summary>
/// One place to release what a module put into the process (a handler on a process-wide event, a registration in a
/// shared library, a cache entry) when the module unloads: the release runs in the module's
/// <c>AssemblyLoadContext.Unloading</c> event, the one hook the runtime raises before it collects the context.
/// </summary>
public static class ModuleUnload
{
    /// <summary>
    /// Runs <paramref name="release"/> when the load context of <paramref name="moduleAssembly"/> unloads. Returns false,
    /// registering nothing, when that context cannot unload (the default context, a non-collectible one): code shared by
    /// the base then keeps its state for the life of the process, as it did before.
    /// </summary>
    /// <param name="moduleAssembly">An assembly of the module, usually <c>typeof(SomeModuleType).Assembly</c>.</param>
    /// <param name="release">What to undo; it runs once, on the thread that unloads the module.</param>
    public static bool Register(Assembly moduleAssembly, Action release)
    {
        if (moduleAssembly is null)
        {
            throw new ArgumentNullException(nameof(moduleAssembly));
        }

        if (release is null)
        {
            throw new ArgumentNullException(nameof(release));
        }

        if (LoadContexts.Of(moduleAssembly) is not { } context || !LoadContexts.IsCollectible(context))
        {
            return false;
        }

        LoadContexts.OnUnloading(context, _ => release());
        return true;
    }
}
