using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Koupleless.Scanner.Engine;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Koupleless.RealCode;

/// <summary>
/// Turns a library's projects into the scanner's <see cref="SourceProject"/>s: its .cs files, the symbols of its target
/// framework, the .NET reference pack this runtime was shipped with, and package assemblies from the NuGet cache.
/// </summary>
internal static class SourceProjects
{
    /// <summary>The SDK implicit usings of a plain library project (ImplicitUsings=enable).</summary>
    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    /// <summary>What the web SDK adds to them (Microsoft.NET.Sdk.Web with ImplicitUsings=enable).</summary>
    private static readonly string[] WebImplicitUsings =
    {
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    };

    public static IReadOnlyList<SourceProject> For(Library library, string checkout, string generatedDirectory)
    {
        var framework = Koupleless.Scanner.Engine.FrameworkReferencePack.Assemblies;
        return library.Projects.Select(project => For(project, library.Role, checkout, framework, generatedDirectory)).ToList();
    }

    private static SourceProject For(LibraryProject project, string libraryRole, string checkout, IReadOnlyList<string> framework, string generatedDirectory)
    {
        var directory = Path.Combine(checkout, project.Directory);
        var matcher = new Matcher();
        matcher.AddIncludePatterns(project.Sources ?? new[] { "**/*.cs" });
        matcher.AddExcludePatterns(new[] { "**/bin/**", "**/obj/**" }.Concat(project.Exclude ?? Array.Empty<string>()));
        var files = matcher.GetResultsInFullPath(directory)
            .Concat((project.Include ?? Array.Empty<string>()).Select(i => Path.GetFullPath(Path.Combine(directory, i))))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

        if (GlobalUsings(project, generatedDirectory) is { } usings)
        {
            files.Add(usings);
        }

        if (FriendAssemblies(project, generatedDirectory) is { } friends)
        {
            files.Add(friends);
        }

        return new SourceProject
        {
            Name = project.Name,
            SourceFiles = files,
            MetadataReferences = framework.Concat(project.Web ? Koupleless.Scanner.Engine.FrameworkReferencePack.PackAssemblies("Microsoft.AspNetCore.App.Ref") : Array.Empty<string>())
                .Concat((project.Packages ?? Array.Empty<string>()).SelectMany(NuGetCache.Assemblies)).ToList(),
            ProjectReferences = project.References ?? Array.Empty<string>(),
            PreprocessorSymbols = FrameworkSymbols.For(project.Framework).Concat(project.Defines ?? Array.Empty<string>()).ToList(),
            SuppressedDiagnostics = project.NoWarn ?? Array.Empty<string>(),
            Analyze = project.Analyze,
            Role = project.Role ?? libraryRole,
        };
    }

    /// <summary>
    /// The attributes MSBuild generates from the project file's <c>InternalsVisibleTo</c> items (without them a project
    /// that uses a referenced project's internals does not bind), written where a build would generate them.
    /// </summary>
    private static string? FriendAssemblies(LibraryProject project, string generatedDirectory)
    {
        if (project.InternalsVisibleTo is not { Count: > 0 } friends)
        {
            return null;
        }

        return WriteGenerated(generatedDirectory, project.Name + ".InternalsVisibleTo.g.cs",
            friends.Select(f => $"[assembly: global::System.Runtime.CompilerServices.InternalsVisibleTo(\"{f}\")]"));
    }

    /// <summary>The project file's global usings, written where a build would generate them (outside the sources).</summary>
    private static string? GlobalUsings(LibraryProject project, string generatedDirectory)
    {
        var implicitUsings = !project.ImplicitUsings ? Enumerable.Empty<string>()
            : project.Web ? ImplicitUsings.Concat(WebImplicitUsings) : ImplicitUsings;
        var usings = implicitUsings.Concat(project.Usings ?? Array.Empty<string>()).ToList();
        if (usings.Count == 0)
        {
            return null;
        }

        return WriteGenerated(generatedDirectory, project.Name + ".GlobalUsings.g.cs", usings.Select(u => u.StartsWith("static ", StringComparison.Ordinal)
            ? $"global using static global::{u["static ".Length..]};"
            : $"global using global::{u};"));
    }

    /// <summary>A file a build would generate for the project, written outside the sources; its path.</summary>
    private static string WriteGenerated(string generatedDirectory, string fileName, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(generatedDirectory);
        var path = Path.Combine(generatedDirectory, fileName);
        File.WriteAllLines(path, lines);
        return path;
    }
}
