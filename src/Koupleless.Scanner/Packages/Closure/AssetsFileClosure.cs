using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Koupleless.Scanner.Loading;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>
/// The resolved package closure of a project, solution or folder, read from each project's obj/project.assets.json
/// (the file `dotnet restore` writes; its "libraries" section lists every package of the closure, transitive ones
/// included, with its folder under "packageFolders"). Read with System.Text.Json: only three properties are needed and
/// NuGet.ProjectModel would be one more dependency to keep in step with the SDK.
/// </summary>
public static class AssetsFileClosure
{
    public static (List<PackageRef> Packages, List<string> Problems, string RootDirectory) Read(string path)
    {
        var target = ScanTarget.Resolve(path);
        var packages = new Dictionary<string, PackageRef>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var project in target.Projects)
        {
            var assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            if (!File.Exists(assets))
            {
                problems.Add($"{project}: no obj/project.assets.json; run 'dotnet restore' first");
                continue;
            }

            try
            {
                foreach (var package in ReadAssetsFile(assets))
                {
                    packages.TryAdd(package.Key, package);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                problems.Add($"{assets}: cannot be read ({ex.Message})");
            }
        }

        return (packages.Values.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), problems, target.RootDirectory);
    }

    public static IEnumerable<PackageRef> ReadAssetsFile(string assetsPath)
    {
        using var stream = File.OpenRead(assetsPath);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var folders = new List<string>();
        if (root.TryGetProperty("packageFolders", out var packageFolders) && packageFolders.ValueKind == JsonValueKind.Object)
        {
            folders.AddRange(packageFolders.EnumerateObject().Select(f => f.Name));
        }

        var result = new List<PackageRef>();
        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var library in libraries.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
            {
                continue; // project references are source the `scan` command covers
            }

            var slash = library.Name.IndexOf('/');
            if (slash <= 0 || !NuGetVersion.TryParse(library.Name[(slash + 1)..], out var version))
            {
                continue;
            }

            string? folder = null;
            if (library.Value.TryGetProperty("path", out var relative) && relative.GetString() is { } relativePath)
            {
                folder = folders.Select(f => Path.Combine(f, relativePath)).FirstOrDefault(Directory.Exists);
            }

            result.Add(new PackageRef(library.Name[..slash], version, folder));
        }

        return result;
    }
}
