using System;
using System.Reflection;
using System.Runtime.Loader;

namespace Koupleless.Testing.Loading;

/// <summary>
/// One copy of a module, as a base installs it: a collectible context that loads the module's private dependencies
/// from its deps.json and leaves the shared ones (the base's) to the default context.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly PackageFolderProbe _packages;
    private readonly SharedAssemblies _shared;

    public ModuleLoadContext(string name, string modulePath, SharedAssemblies shared)
        : base(name, isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(modulePath);
        _packages = PackageFolderProbe.ForModule(modulePath);
        _shared = shared;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Shared: the default context answers, so every copy (and the base) sees one and the same assembly.
        if (_shared.IsShared(assemblyName))
        {
            return null;
        }

        // A library's build output names its packages in deps.json but does not copy them (only an application's or a
        // plugin's does): the NuGet folder is where they are, as the host's probing paths would find them.
        var path = _resolver.ResolveAssemblyToPath(assemblyName) ?? _packages.Find(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
