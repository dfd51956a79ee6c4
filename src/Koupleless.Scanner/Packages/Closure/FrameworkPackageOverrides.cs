using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>
/// The packages a shared framework replaces. Each reference pack (Microsoft.AspNetCore.App.Ref, Microsoft.NETCore.App.Ref)
/// ships data/PackageOverrides.txt, lines of "id|version": the SDK drops the assets of a package at or below that version
/// in favour of the framework's own assembly, so the package's code is never deployed with the app — a module runs the
/// framework's copy, in the default load context, like every other module.
/// </summary>
public sealed class FrameworkPackageOverrides
{
    private readonly Dictionary<string, (NuGetVersion Version, string Framework)> _overrides = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The overrides of the shared frameworks one target framework references; problems name the file and line.</summary>
    public static FrameworkPackageOverrides For(string targetFramework, IEnumerable<SharedFrameworkReference> frameworks, IReadOnlyList<string> packageFolders, List<string> problems)
    {
        var result = new FrameworkPackageOverrides();
        foreach (var framework in frameworks)
        {
            if (OverridesFile(targetFramework, framework, packageFolders) is not { } file)
            {
                continue; // no pack on this machine: the packages stay judged, which is the safe side
            }

            result.Read(file.Path, $"{framework.Name} {file.PackVersion}", problems);
        }

        return result;
    }

    /// <summary>The framework (name and pack version) that replaces this package version, or null when the app deploys it.</summary>
    public string? ProviderOf(string id, NuGetVersion version)
        => _overrides.TryGetValue(id, out var entry) && version <= entry.Version ? entry.Framework : null;

    private void Read(string path, string framework, List<string> problems)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: cannot be read ({ex.Message}); packages it would replace are judged");
            return;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('|');
            if (parts.Length != 2 || parts[0].Length == 0 || !NuGetVersion.TryParse(parts[1], out var version))
            {
                problems.Add($"{path}({i + 1}): '{line}' is not 'id|version'; line skipped");
                continue;
            }

            if (!_overrides.TryGetValue(parts[0], out var known) || version > known.Version)
            {
                _overrides[parts[0]] = (version, framework);
            }
        }
    }

    /// <summary>
    /// The pack the restore downloaded (packages folder) when it names a version, else the SDK's own pack of that
    /// framework version under dotnet/packs (the newest patch, as the SDK picks it).
    /// </summary>
    private static (string Path, NuGetVersion PackVersion)? OverridesFile(string targetFramework, SharedFrameworkReference framework, IReadOnlyList<string> packageFolders)
    {
        if (framework.RefPackVersion is { } version)
        {
            return packageFolders
                .Select(folder => Path.Combine(folder, framework.RefPackName.ToLowerInvariant(), version.ToNormalizedString().ToLowerInvariant(), "data", "PackageOverrides.txt"))
                .Where(File.Exists)
                .Select(path => ((string, NuGetVersion)?)(path, version))
                .FirstOrDefault();
        }

        var packs = Path.Combine(FrameworkReferencePack.DotnetRoot, "packs", framework.RefPackName);
        var parsed = NuGet.Frameworks.NuGetFramework.ParseFolder(targetFramework);
        if (!Directory.Exists(packs) || parsed.Version.Major < 5)
        {
            return null;
        }

        return Directory.GetDirectories(packs)
            .Select(d => (Directory: d, Version: NuGetVersion.TryParse(Path.GetFileName(d), out var v) ? v : null))
            .Where(p => p.Version is { } v && v.Major == parsed.Version.Major && v.Minor == parsed.Version.Minor)
            .OrderByDescending(p => p.Version)
            .Select(p => (Path: Path.Combine(p.Directory, "data", "PackageOverrides.txt"), p.Version!))
            .Where(p => File.Exists(p.Path))
            .Select(p => ((string, NuGetVersion)?)p)
            .FirstOrDefault();
    }
}
