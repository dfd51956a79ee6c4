using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;
using Koupleless.Testing.Loading;

namespace Koupleless.Testing;

/// <summary>
/// One copy of the module in its own collectible context. Every call enters the copy's contextual-reflection scope, as
/// a base does around each call into a module (DESIGN.md: name look-ups and per-context holders rely on it). Keep no
/// reference to <see cref="Assembly"/>, its types or its objects past the call: each one keeps the copy loaded.
/// </summary>
public sealed class ModuleCopy
{
    private readonly CancellationToken _baseShutdown;
    private AssemblyLoadContext? _context;
    private Assembly? _assembly;

    internal ModuleCopy(string name, string modulePath, SharedAssemblies shared, CancellationToken baseShutdown)
    {
        Name = name;
        _baseShutdown = baseShutdown;
        _context = new ModuleLoadContext(name, modulePath, shared);
        _assembly = _context.LoadFromAssemblyPath(modulePath);
        LoaderAllocator = LoaderAllocatorIdentity.Of(_assembly);
    }

    /// <summary>The copy's name ("Sample.Module #1"), also its context's name.</summary>
    public string Name { get; }

    /// <summary>The module's main assembly as this copy loaded it.</summary>
    public Assembly Assembly => _assembly ?? throw new InvalidOperationException($"{Name} is unloaded.");

    internal ulong LoaderAllocator { get; }

    internal AssemblyLoadContext? Context => _context;

    /// <summary>Calls "Namespace.Type.Method" of this copy (an instance method on a new instance) and returns its result.</summary>
    public object? Invoke(string entry, params object?[] arguments)
    {
        using (Context!.EnterContextualReflection())
        {
            return EntryMethod.Invoke(Assembly, entry, arguments, _baseShutdown);
        }
    }

    /// <summary>Runs <paramref name="action"/> over the module's assembly inside the copy's contextual-reflection scope.</summary>
    public void Run(Action<Assembly> action)
    {
        using (Context!.EnterContextualReflection())
        {
            action(Assembly);
        }
    }

    /// <summary>Whether <paramref name="value"/> is an object of this copy (its type was loaded by the copy's context).</summary>
    public bool Owns(object? value)
        => value is not null && _context is not null && AssemblyLoadContext.GetLoadContext(value.GetType().Assembly) == _context;

    /// <summary>Starts unloading (the copy's Unloading event runs here) and hands back only a weak reference to the context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal WeakReference StartUnload()
    {
        var context = _context ?? throw new InvalidOperationException($"{Name} is already unloaded.");
        _assembly = null;
        _context = null;
        context.Unload();
        return new WeakReference(context, trackResurrection: false);
    }
}
