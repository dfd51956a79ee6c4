using System.Collections.Generic;
using System.IO;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Testing;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// One module compiled once (against this package and <see cref="SharedLibrary"/>, both shared from the default
/// context: assemblies of this test project) and loaded twice side by side with the Koupleless.Testing kit, each copy
/// in its own collectible context and called inside its contextual-reflection scope, the way a base calls through
/// <see cref="ModuleCall"/>.
/// </summary>
internal static class ModuleCopies
{
    public static string Compile(string source)
    {
        var name = ModuleRuntime.UniqueAssemblyName();
        var path = Path.Combine(Path.GetTempPath(), "koupleless-adapters", name, name + ".dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ModuleRuntime.Compile(
            name,
            new[] { source },
            sharedAssemblies: new[] { typeof(PerLoadContext<>).Assembly.Location, typeof(SharedLibrary).Assembly.Location }));
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
