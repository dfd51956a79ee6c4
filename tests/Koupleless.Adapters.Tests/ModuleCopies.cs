using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Testing;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// One module compiled once (against this package and the libraries a test names, all shared from the default context:
/// assemblies of the test project, as a base shares them) and loaded twice side by side with the Koupleless.Testing kit, each copy
/// in its own collectible context and called inside its contextual-reflection scope, the way a base calls through
/// <see cref="ModuleCall"/>.
/// </summary>
internal static class ModuleCopies
{
    /// <param name="sharedWith">A type of each further library the module compiles against (the test process loads it in the default context).</param>
    public static string Compile(string source, params Type[] sharedWith)
    {
        var name = ModuleRuntime.UniqueAssemblyName();
        var path = Path.Combine(Path.GetTempPath(), "koupleless-adapters", name, name + ".dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ModuleRuntime.Compile(
            name,
            new[] { source },
            sharedAssemblies: sharedWith.Select(type => type.Assembly.Location).Prepend(typeof(PerLoadContext<>).Assembly.Location)));
        return path;
    }

    /// <summary>
    /// Loads the module twice, calls <c>Module.Entry.Run()</c> on each copy and then <c>Module.Entry.Check()</c> on each
    /// (after both ran, when the module has one), collects the results and unloads both.
    /// </summary>
    /// <param name="explainRetention">Whether a copy that stays is explained (its retention path): off where a test expects it to stay.</param>
    public static (UnloadResult Unloaded, List<object?> Results) LoadTwiceRunAndUnload(string module, bool explainRetention = true)
    {
        using var copies = Koupleless.Testing.ModuleCopies.Load(module, new ModuleLoadOptions { ExplainRetention = explainRetention });
        var results = new List<object?>();
        copies.RunEach(copy => results.Add(copy.Invoke("Module.Entry.Run")));
        copies.RunEach(copy =>
        {
            if (copy.Assembly.GetType("Module.Entry")!.GetMethod("Check") is not null)
            {
                results.Add(copy.Invoke("Module.Entry.Check"));
            }
        });
        return (copies.Unload(), results);
    }
}
