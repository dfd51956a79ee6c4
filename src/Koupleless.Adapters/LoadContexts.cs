using System;
using System.Reflection;
#if NET
using System.Runtime.Loader;
#endif

namespace Koupleless.Adapters;

/// <summary>
/// The AssemblyLoadContext operations the adapters need, with the context as <see cref="object"/>. On .NET 8 they are
/// direct calls. netstandard2.0 has no AssemblyLoadContext surface, yet collectible contexts only exist on .NET Core 3.0
/// and later, so there the same members are reached by reflection (the type is forwarded from System.Runtime.Loader).
/// </summary>
internal static class LoadContexts
{
#if NET
    public static object? Of(Assembly assembly) => AssemblyLoadContext.GetLoadContext(assembly);

    public static bool IsCollectible(object context) => ((AssemblyLoadContext)context).IsCollectible;

    /// <summary>AssemblyLoadContext.CurrentContextualReflectionContext, or the default context outside any scope.</summary>
    public static object Current() => AssemblyLoadContext.CurrentContextualReflectionContext ?? AssemblyLoadContext.Default;

    public static void OnUnloading(object context, Action<object> handler) => ((AssemblyLoadContext)context).Unloading += c => handler(c);

    public static IDisposable EnterContextualReflection(Assembly assembly) => AssemblyLoadContext.EnterContextualReflection(assembly);
#else
    private static readonly Type ContextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
        ?? throw new PlatformNotSupportedException("Koupleless.Adapters needs AssemblyLoadContext (.NET Core 3.0 or later).");

    public static object? Of(Assembly assembly) => ContextType.GetMethod("GetLoadContext", new[] { typeof(Assembly) })!.Invoke(null, new object[] { assembly });

    public static bool IsCollectible(object context) => (bool)ContextType.GetProperty("IsCollectible")!.GetValue(context)!;

    /// <summary>AssemblyLoadContext.CurrentContextualReflectionContext, or the default context outside any scope.</summary>
    public static object Current()
        => ContextType.GetProperty("CurrentContextualReflectionContext")!.GetValue(null)
            ?? ContextType.GetProperty("Default")!.GetValue(null)!;

    public static void OnUnloading(object context, Action<object> handler)
    {
        // Action<AssemblyLoadContext> bound to a method taking object: a delegate parameter may be more derived.
        var unloading = ContextType.GetEvent("Unloading")!;
        var invoke = typeof(Action<object>).GetMethod(nameof(Action<object>.Invoke))!;
        unloading.AddEventHandler(context, Delegate.CreateDelegate(unloading.EventHandlerType!, handler, invoke));
    }

    public static IDisposable EnterContextualReflection(Assembly assembly)
        => (IDisposable)ContextType.GetMethod("EnterContextualReflection", new[] { typeof(Assembly) })!.Invoke(null, new object[] { assembly })!;
#endif
}
