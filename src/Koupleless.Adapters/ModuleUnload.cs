using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Koupleless.Adapters;

/// <summary>
/// One place to release what a module put into the process (a handler on a process-wide event, a registration in a
/// shared library, a cache entry) when the module unloads: the release runs in the module's
/// <c>AssemblyLoadContext.Unloading</c> event, the one hook the runtime raises before it collects the context.
/// </summary>
public static class ModuleUnload
{
    /// <summary>The purposes already registered per context: a library adapter's call may sit before every use.</summary>
    private static readonly ConditionalWeakTable<object, HashSet<string>> Registered = new ConditionalWeakTable<object, HashSet<string>>();

    /// <summary>
    /// Runs <paramref name="release"/> when the load context of <paramref name="moduleAssembly"/> unloads. Returns false,
    /// registering nothing, when that context cannot unload (the default context, a non-collectible one): code shared by
    /// the base then keeps its state for the life of the process, as it did before.
    /// </summary>
    /// <param name="moduleAssembly">An assembly of the module, usually <c>typeof(SomeModuleType).Assembly</c>.</param>
    /// <param name="release">What to undo; it runs once, on the thread that unloads the module.</param>
    public static bool Register(Assembly moduleAssembly, Action release)
    {
        if (release is null)
        {
            throw new ArgumentNullException(nameof(release));
        }

        if (CollectibleContextOf(moduleAssembly) is not { } context)
        {
            return false;
        }

        LoadContexts.OnUnloading(context, _ => release());
        return true;
    }

    /// <summary>
    /// Like <see cref="Register"/>, but at most once per load context and <paramref name="purpose"/> (a library adapter
    /// names its release, e.g. "Newtonsoft.Json"): later calls for the same context and purpose register nothing and
    /// return true.
    /// </summary>
    public static bool RegisterOnce(Assembly moduleAssembly, string purpose, Action release)
    {
        if (purpose is null)
        {
            throw new ArgumentNullException(nameof(purpose));
        }

        if (release is null)
        {
            throw new ArgumentNullException(nameof(release));
        }

        if (CollectibleContextOf(moduleAssembly) is not { } context)
        {
            return false;
        }

        lock (Registered)
        {
            if (!Registered.GetOrCreateValue(context).Add(purpose))
            {
                return true;
            }
        }

        LoadContexts.OnUnloading(context, _ => release());
        return true;
    }

    /// <summary>The context of <paramref name="moduleAssembly"/>, or null when it cannot unload.</summary>
    private static object? CollectibleContextOf(Assembly moduleAssembly)
        => LoadContexts.Of(moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly))) is { } context && LoadContexts.IsCollectible(context)
            ? context
            : null;
}
