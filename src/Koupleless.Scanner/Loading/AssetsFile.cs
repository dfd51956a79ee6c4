using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NuGet.Frameworks;
using NuGet.Versioning;

namespace Koupleless.Scanner.Loading;

/// <summary>A package of a restored closure: where the restore put it and the target frameworks that resolved it.</summary>
public sealed record AssetsPackage(string Id, NuGetVersion Version, string? Folder, IReadOnlyList<string> Frameworks);

/// <summary>
/// A shared framework a target framework of the project runs on (its "frameworkReferences", e.g. Microsoft.AspNetCore.App),
/// with the version of its reference pack when the restore downloaded one ("downloadDependencies"); null when the SDK's
/// own pack is used.
/// </summary>
public sealed record SharedFrameworkReference(string Name, NuGetVersion? RefPackVersion)
{
    public string RefPackName => Name + ".Ref";
}

/// <summary>A message `dotnet restore` recorded for the project (NU1603, NU1902, ...), with its level.</summary>
public sealed record AssetsLogEntry(string Code, string Level, string Message)
{
    public bool IsError => string.Equals(Level, "Error", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A project's obj/project.assets.json, the file `dotnet restore` writes: its "targets" (one per target framework, with
/// every package of that framework's closure, transitive ones included), "libraries" (each package's folder under
/// "packageFolders") and "logs" (the restore's warnings and errors). Read with System.Text.Json: only these sections are
/// needed and NuGet.ProjectModel would be one more dependency to keep in step with the SDK.
/// </summary>
public sealed record AssetsFile(IReadOnlyList<string> Frameworks, IReadOnlyList<AssetsPackage> Packages, IReadOnlyList<AssetsLogEntry> Logs)
{
    /// <summary>The folders the restore put packages in ("packageFolders"), in its order of preference.</summary>
    public IReadOnlyList<string> PackageFolders { get; init; } = Array.Empty<string>();

    /// <summary>Per target framework (short name), the shared frameworks it references (project.frameworks).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SharedFrameworkReference>> SharedFrameworks { get; init; }
        = new Dictionary<string, IReadOnlyList<SharedFrameworkReference>>();

    /// <summary>Where `dotnet restore` writes the file for a project (the default MSBuildProjectExtensionsPath).</summary>
    public static string PathFor(string projectPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectPath))!, "obj", "project.assets.json");

    /// <summary>Reads the file; throws <see cref="JsonException"/>, <see cref="IOException"/> or <see cref="InvalidOperationException"/> when it cannot.</summary>
    public static AssetsFile Read(string assetsPath)
    {
        using var stream = File.OpenRead(assetsPath);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var folders = Objects(root, "packageFolders").Select(f => f.Name).ToList();

        // "net10.0" or "net10.0/linux-x64" (a RID-specific graph of the same framework); older SDKs write ".NETCoreApp,Version=v8.0".
        var frameworksOf = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        var frameworks = new List<string>();
        foreach (var target in Objects(root, "targets"))
        {
            var framework = ShortName(target.Name.Split('/')[0]);
            if (!frameworks.Contains(framework, StringComparer.OrdinalIgnoreCase))
            {
                frameworks.Add(framework);
            }

            if (target.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var library in target.Value.EnumerateObject())
            {
                if (IsPackage(library.Value))
                {
                    if (!frameworksOf.TryGetValue(library.Name, out var set))
                    {
                        frameworksOf[library.Name] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                    }

                    set.Add(framework);
                }
            }
        }

        var packages = new List<AssetsPackage>();
        foreach (var library in Objects(root, "libraries"))
        {
            var slash = library.Name.IndexOf('/');
            if (!IsPackage(library.Value) || slash <= 0 || !NuGetVersion.TryParse(library.Name[(slash + 1)..], out var version))
            {
                continue; // project references are source the `scan` command covers
            }

            string? folder = null;
            if (library.Value.TryGetProperty("path", out var relative) && relative.GetString() is { } relativePath)
            {
                folder = folders.Select(f => Path.Combine(f, relativePath)).FirstOrDefault(Directory.Exists);
            }

            var used = frameworksOf.TryGetValue(library.Name, out var set) ? set.ToList() : new List<string>();
            packages.Add(new AssetsPackage(library.Name[..slash], version, folder, used));
        }

        var logs = new List<AssetsLogEntry>();
        if (root.TryGetProperty("logs", out var logArray) && logArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var log in logArray.EnumerateArray())
            {
                logs.Add(new AssetsLogEntry(Text(log, "code"), Text(log, "level"), Text(log, "message")));
            }
        }

        return new AssetsFile(frameworks, packages, logs) { PackageFolders = folders, SharedFrameworks = SharedFrameworksOf(root) };
    }

    private static Dictionary<string, IReadOnlyList<SharedFrameworkReference>> SharedFrameworksOf(JsonElement root)
    {
        var result = new Dictionary<string, IReadOnlyList<SharedFrameworkReference>>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("project", out var project))
        {
            return result;
        }

        foreach (var framework in Objects(project, "frameworks"))
        {
            // "downloadDependencies": [{ "name": "Microsoft.AspNetCore.App.Ref", "version": "[8.0.31, 8.0.31]" }, ...]
            var packVersions = new Dictionary<string, NuGetVersion>(StringComparer.OrdinalIgnoreCase);
            if (framework.Value.TryGetProperty("downloadDependencies", out var downloads) && downloads.ValueKind == JsonValueKind.Array)
            {
                foreach (var download in downloads.EnumerateArray())
                {
                    if (VersionRange.TryParse(Text(download, "version"), out var range) && range.MinVersion is { } version)
                    {
                        packVersions[Text(download, "name")] = version;
                    }
                }
            }

            var references = Objects(framework.Value, "frameworkReferences")
                .Select(r => new SharedFrameworkReference(r.Name, packVersions.TryGetValue(r.Name + ".Ref", out var v) ? v : null))
                .ToList();
            result[ShortName(framework.Name)] = references;
        }

        return result;
    }

    private static string ShortName(string key)
    {
        var framework = NuGetFramework.Parse(key);
        return framework.IsUnsupported ? key : framework.GetShortFolderName();
    }

    private static bool IsPackage(JsonElement library)
        => library.ValueKind == JsonValueKind.Object && library.TryGetProperty("type", out var type) && type.GetString() == "package";

    private static IEnumerable<JsonProperty> Objects(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : Enumerable.Empty<JsonProperty>();

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
