using System;
using System.Reflection;

namespace Koupleless.Testing.Loading;

/// <summary>
/// The native LoaderAllocator of a collectible assembly, as a number: what ties a copy in this process to its types in
/// a heap snapshot (ClrMD's ClrModule.LoaderAllocator), where two copies of one file are otherwise indistinguishable.
/// Read through private runtime fields (RuntimeType.m_keepalive, LoaderAllocator.m_scout, LoaderAllocatorScout.
/// m_nativeLoaderAllocator); zero when a runtime lays them out differently, and the copy is then named by file only.
/// </summary>
internal static class LoaderAllocatorIdentity
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static ulong Of(Assembly assembly)
    {
        try
        {
            var type = AnyType(assembly);
            var allocator = type?.GetType().GetField("m_keepalive", Instance)?.GetValue(type);
            var scout = allocator?.GetType().GetField("m_scout", Instance)?.GetValue(allocator);
            return scout?.GetType().GetField("m_nativeLoaderAllocator", Instance)?.GetValue(scout) is IntPtr pointer ? (ulong)pointer.ToInt64() : 0;
        }
        catch (Exception e) when (e is FieldAccessException or TargetException or ArgumentException)
        {
            return 0;
        }
    }

    private static Type? AnyType(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes().Length > 0 ? assembly.GetTypes()[0] : null;
        }
        catch (ReflectionTypeLoadException e)
        {
            return Array.Find(e.Types, t => t is not null);
        }
    }
}
