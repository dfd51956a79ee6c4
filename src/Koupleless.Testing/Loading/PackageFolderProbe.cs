using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.DependencyModel;

namespace Koupleless.Testing.Loading;

/// <summary>
/// Finds a module's package assemblies in the NuGet packages folder from the module's deps.json (library path and
/// runtime asset), for module builds that do not copy their packages beside them.
/// </summary>
internal sealed class PackageFolderProbe
{
    private static readonly PackageFolderProbe None = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    private readonly IReadOnlyDictionary<string, string> _pathsByName;

    private PackageFolderProbe(IReadOnlyDictionary<string, string> pathsByName) => _pathsByName = pathsByName;

    public static PackageFolderProbe ForModule(string modulePath)
    {
        var depsFile = Path.ChangeExtension(modulePath, ".deps.json");
        if (!File.Exists(depsFile))
        {
            return None;
        }

        DependencyContext context;
        using (var stream = File.OpenRead(depsFile))
        {
            context = new DependencyContextJsonReader().Read(stream);
        }

        var root = PackagesFolder();
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in context.RuntimeLibraries.Where(l => l.Type == "package" && l.Path is not null))
        {
            foreach (var asset in library.RuntimeAssemblyGroups.SelectMany(g => g.AssetPaths))
            {
                var candidate = Path.Combine(root, library.Path!, asset);
                if (File.Exists(candidate))
                {
                    paths.TryAdd(Path.GetFileNameWithoutExtension(asset), candidate);
                }
            }
        }

        return new PackageFolderProbe(paths);
    }

    public string? Find(AssemblyName name) => name.Name is { } simple && _pathsByName.TryGetValue(simple, out var path) ? path : null;

    private static string PackagesFolder()
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
