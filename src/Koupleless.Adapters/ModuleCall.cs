using System;
using System.Reflection;

namespace Koupleless.Adapters;

/// <summary>
/// The base's side of a call into a module: the module's contextual-reflection scope. Inside it, name-based look-ups of
/// shared code (<c>Type.GetType</c>, <c>Assembly.Load</c>) resolve in the module's context and
/// <see cref="PerLoadContext{T}"/> holds the module's own value (DESIGN.md, "Verified at run time") — the .NET
/// counterpart of Koupleless switching the thread-context class loader.
/// </summary>
public static class ModuleCall
{
    /// <summary>
    /// Enters the contextual-reflection scope of <paramref name="moduleAssembly"/>'s context; dispose the result when the
    /// call returns: <c>using (ModuleCall.Enter(moduleAssembly)) { entry.Invoke(...); }</c>.
    /// </summary>
    public static IDisposable Enter(Assembly moduleAssembly)
        => LoadContexts.EnterContextualReflection(moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly)));

    /// <summary>Calls <paramref name="call"/> inside the module's scope and returns its result.</summary>
    public static T Run<T>(Assembly moduleAssembly, Func<T> call)
    {
        if (call is null)
        {
            throw new ArgumentNullException(nameof(call));
        }

        using (Enter(moduleAssembly))
        {
            return call();
        }
    }
}
