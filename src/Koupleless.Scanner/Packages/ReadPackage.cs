using System;
using System.Collections.Generic;
using System.IO;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Decompiled;
using Koupleless.Scanner.Packages.Model;
using NuGet.Frameworks;

namespace Koupleless.Scanner.Packages;

/// <summary>A package as read from its archive: the report entry so far (folders, problems) and its managed assemblies.</summary>
internal sealed record ReadPackage(PackageResult Result, IReadOnlyList<PackageAssembly> Assemblies)
{
    public static ReadPackage Unavailable(PackageRef package, NuGetFramework framework, string? failure)
    {
        var result = NewResult(package, framework);
        result.Problems.Add("package unavailable: " + failure);
        return new ReadPackage(result, Array.Empty<PackageAssembly>());
    }

    public static ReadPackage From(PackageRef package, string nupkgPath, NuGetFramework framework, NupkgLimits limits)
    {
        var id = package.Id + "@" + package.Version.ToNormalizedString();
        var result = NewResult(package, framework);
        var assemblies = new List<PackageAssembly>();
        var unreadable = 0;
        NupkgContent content;
        try
        {
            content = NupkgReader.Read(nupkgPath, framework, limits, (path, buffer, length) =>
            {
                var image = buffer.AsSpan(0, length).ToArray();
                if (PackageAssembly.TryRead(id, path, image, out var problem) is { } assembly)
                {
                    assemblies.Add(assembly);
                }
                else if (problem is not null)
                {
                    result.Problems.Add(problem);
                    unreadable++;
                }
            });
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            content = new NupkgContent(null, Array.Empty<(string, System.Collections.Immutable.ImmutableArray<byte>)>(), Array.Empty<string>(), $"cannot be read ({ex.Message})");
        }

        if (content.Failure is not null)
        {
            result.Problems.Add(content.Failure);
            return new ReadPackage(result, Array.Empty<PackageAssembly>());
        }

        result.Problems.InsertRange(0, content.Problems);
        result.LibFolder = content.LibFolder;
        result.RuntimeFolders = content.RuntimeFolders.Count == 0 ? null : new List<string>(content.RuntimeFolders);
        // A package with lib/ assets but none for this framework was not read at all: "no finding" proves nothing.
        result.Complete = content.SkippedAssemblies == 0 && unreadable == 0 && !content.NothingForFramework;

        // A package with assemblies none of which could be read was not really scanned; one without any (a build-only or
        // content package) was.
        result.Scanned = assemblies.Count > 0 || (unreadable == 0 && content.SkippedAssemblies == 0);
        return new ReadPackage(result, assemblies);
    }

    private static PackageResult NewResult(PackageRef package, NuGetFramework framework) => new()
    {
        Id = package.Id,
        Version = package.Version.ToNormalizedString(),
        Framework = framework.GetShortFolderName(),
        UsedBy = package.UsedBy.Count == 0 ? null : new List<PackageUse>(package.UsedBy),
        ProvidedBy = package.ProvidedByFramework,
    };
}
