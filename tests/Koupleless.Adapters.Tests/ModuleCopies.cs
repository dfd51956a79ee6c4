using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// One module compiled once (against this package and <see cref="SharedLibrary"/>, both shared from the default
/// context) and loaded twice side by side, each copy in its own collectible context, the way DESIGN.md measured.
/// The base calls into each copy inside the copy's contextual-reflection scope (<see cref="ModuleCall"/>).
/// </summary>
internal static class ModuleCopies
{
    public static byte[] Compile(string source)
        => ModuleRuntime.Compile(
            ModuleRuntime.UniqueAssemblyName(),
            new[] { source },
            sharedAssemblies: new[] { typeof(PerLoadContext<>).Assembly.Location, typeof(SharedLibrary).Assembly.Location });

    /// <summary>
    /// Loads <paramref name="image"/> twice, calls <c>Module.Entry.Run()</c> on each copy and then <c>Module.Entry.Check()</c>
    /// on each (after both ran), collects the results, unloads both and hands back only weak references to the contexts.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (WeakReference[] Contexts, List<object?> Results) LoadTwiceRunAndUnload(byte[] image)
    {
        var contexts = new[] { new AssemblyLoadContext("copyA", isCollectible: true), new AssemblyLoadContext("copyB", isCollectible: true) };
        var entries = new List<Type>();
        foreach (var context in contexts)
        {
            entries.Add(context.LoadFromStream(new MemoryStream(image)).GetType("Module.Entry", throwOnError: true)!);
        }

        var results = new List<object?>();
        foreach (var name in new[] { "Run", "Check" })
        {
            foreach (var entry in entries)
            {
                if (entry.GetMethod(name) is { } method)
                {
                    results.Add(ModuleCall.Run(entry.Assembly, () => method.Invoke(null, null)));
                }
            }
        }

        foreach (var context in contexts)
        {
            context.Unload();
        }

        return (new[] { new WeakReference(contexts[0]), new WeakReference(contexts[1]) }, results);
    }
}
