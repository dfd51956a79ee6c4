using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.Versioning;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>A package to scan, and where the closure found it (a restore's packages folder, if any).</summary>
public sealed record PackageRef(string Id, NuGetVersion Version, string? KnownFolder = null)
{
    /// <summary>The projects and target frameworks whose restored closure holds the package (empty for --list).</summary>
    public IReadOnlyList<PackageUse> UsedBy { get; init; } = Array.Empty<PackageUse>();

    /// <summary>
    /// The shared framework that replaces the package in every project and framework that holds it (so its code is never
    /// deployed and is not judged), e.g. "Microsoft.AspNetCore.App 8.0.31"; null when some use deploys it.
    /// </summary>
    public string? ProvidedByFramework => UsedBy.Count > 0 && UsedBy.All(u => u.ProvidedBy is not null) ? UsedBy[0].ProvidedBy : null;

    public string Key => Id.ToLowerInvariant() + "/" + Version.ToNormalizedString().ToLowerInvariant();

    public static bool TryParse(string text, out PackageRef? package, out string? problem)
    {
        package = null;
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            problem = $"'{text}' is not 'id@version'";
            return false;
        }

        var id = text[..at].Trim();
        if (!NuGet.Packaging.PackageIdValidator.IsValidPackageId(id))
        {
            problem = $"'{id}' is not a valid package id";
            return false;
        }

        if (!NuGetVersion.TryParse(text[(at + 1)..].Trim(), out var version))
        {
            problem = $"'{text[(at + 1)..].Trim()}' is not a valid NuGet version";
            return false;
        }

        package = new PackageRef(id, version);
        problem = null;
        return true;
    }

    public override string ToString() => Id + "@" + Version.ToNormalizedString();

    public bool Equals(PackageRef? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}

/// <summary>A project (path relative to the scanned root) and one of its target frameworks whose closure holds a package.</summary>
public sealed record PackageUse(string Project, string Framework)
{
    /// <summary>The shared framework whose own assembly replaces the package there (FrameworkPackageOverrides); null when deployed.</summary>
    public string? ProvidedBy { get; init; }
}
