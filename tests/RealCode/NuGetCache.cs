using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Koupleless.RealCode;

/// <summary>The compile assemblies of a package version in the NuGet global packages folder, for the newest framework it ships.</summary>
internal static class NuGetCache
{
    private static readonly string[] Preferred =
    {
        "net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0",
    };

    public static string Root { get; } = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <param name="package">id@version, as in libraries.json.</param>
    public static IEnumerable<string> Assemblies(string package)
    {
        var at = package.IndexOf('@');
        if (at <= 0)
        {
            throw new FormatException($"package '{package}' is not id@version");
        }

        var folder = Path.Combine(Root, package[..at].ToLowerInvariant(), package[(at + 1)..].ToLowerInvariant());
        foreach (var kind in new[] { "ref", "lib" })
        {
            foreach (var framework in Preferred)
            {
                var candidate = Path.Combine(folder, kind, framework);
                if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.dll") is { Length: > 0 } assemblies)
                {
                    return assemblies;
                }
            }
        }

        // Missing from the cache: the scan names the missing reference instead of failing.
        return new[] { Path.Combine(folder, "lib", "(not in the NuGet cache; restore tests/RealCode/RealCode.csproj)") };
    }
}
