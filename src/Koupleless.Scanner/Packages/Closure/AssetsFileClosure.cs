using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>The restored closure of the projects a path names.</summary>
/// <param name="Frameworks">Every target framework of those projects, as their assets files list them (e.g. "net10.0").</param>
public sealed record PackageClosure(List<PackageRef> Packages, List<string> Problems, string RootDirectory, List<string> Frameworks)
{
    /// <summary>Whose host the modules run under, as the projects declare it (<see cref="DeclaredModuleHost"/>); null if not.</summary>
    public string? ModuleHost { get; init; }
}

/// <summary>
/// The package closure of a project, a solution (.sln/.slnx: every C# project it lists) or a folder (its one solution,
/// else every project under it, as `koupleless scan` reads it): each project's obj/project.assets.json, merged. A
/// package appears once, tagged with every project and target framework whose closure holds it.
/// </summary>
public static class AssetsFileClosure
{
    public static PackageClosure Read(string path)
    {
        var target = ScanTarget.Resolve(path);
        var projects = target.Solution is null ? target.Projects : SolutionFile.ProjectPaths(target.Solution);
        var problems = new List<string>();
        if (target.Solution is not null && projects.Count == 0)
        {
            problems.Add($"{target.Solution}: lists no C# project (.csproj), or cannot be read");
        }

        var packages = new Dictionary<string, (PackageRef Package, List<PackageUse> Uses)>(StringComparer.Ordinal);
        var frameworks = new List<string>();
        foreach (var project in projects)
        {
            var assetsPath = AssetsFile.PathFor(project);
            if (!File.Exists(assetsPath))
            {
                problems.Add($"{project}: no obj/project.assets.json; run 'dotnet restore' first");
                continue;
            }

            AssetsFile assets;
            try
            {
                assets = AssetsFile.Read(assetsPath);
            }
            catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                problems.Add($"{assetsPath}: cannot be read ({ex.Message})");
                continue;
            }

            frameworks.AddRange(assets.Frameworks.Where(f => !frameworks.Contains(f, StringComparer.OrdinalIgnoreCase)));
            var projectPath = ProjectAnalysis.Relative(target.RootDirectory, project);
            var overrides = assets.SharedFrameworks.ToDictionary(
                f => f.Key, f => FrameworkPackageOverrides.For(f.Key, f.Value, assets.PackageFolders, problems), StringComparer.OrdinalIgnoreCase);
            foreach (var package in assets.Packages)
            {
                var found = new PackageRef(package.Id, package.Version, package.Folder);
                if (!packages.TryGetValue(found.Key, out var entry))
                {
                    packages[found.Key] = entry = (found, new List<PackageUse>());
                }
                else if (entry.Package.KnownFolder is null && found.KnownFolder is not null)
                {
                    packages[found.Key] = entry = (found, entry.Uses);
                }

                entry.Uses.AddRange(package.Frameworks.Select(f => new PackageUse(projectPath, f)
                {
                    ProvidedBy = overrides.TryGetValue(f, out var framework) ? framework.ProviderOf(package.Id, package.Version) : null,
                }));
            }
        }

        var closure = packages.Values
            .Select(e => e.Package with { UsedBy = e.Uses.Distinct().ToList() })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        return new PackageClosure(closure, problems, target.RootDirectory, frameworks) { ModuleHost = DeclaredModuleHost.Of(projects, problems) };
    }
}
