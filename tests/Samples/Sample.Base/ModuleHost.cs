using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Sample.Shared;

namespace Sample.Base;

/// <summary>Installs a module into its own collectible context and uninstalls it.</summary>
public sealed class ModuleHost
{
    private AssemblyLoadContext? _context;
    private Assembly? _module;

    public void Install(string modulePath)
    {
        _context = new AssemblyLoadContext(Path.GetFileNameWithoutExtension(modulePath), isCollectible: true);
        _module = _context.LoadFromAssemblyPath(modulePath);

        // Correct: calls into the module run inside its contextual-reflection scope.
        using (AssemblyLoadContext.EnterContextualReflection(_module))
        {
            var entry = _module.GetType("Sample.Module.OrderModule", throwOnError: true)!;
            entry.GetMethod("Start")!.Invoke(Activator.CreateInstance(entry), null);
        }
    }

    public object? CreateFromConfiguration(string typeName)
    {
        // Hazard: the name comes from a module's configuration but resolves in the default context.
        var type = Type.GetType(typeName);
        return type is null ? null : Activator.CreateInstance(type);
    }

    public void Uninstall()
    {
        _module = null;
        _context?.Unload();
        _context = null;
    }
}
