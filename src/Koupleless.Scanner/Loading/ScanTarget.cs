using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Koupleless.Scanner.Loading;

/// <summary>What a scan path names: one solution, or one or more project files.</summary>
public sealed record ScanTarget(string RootDirectory, string? Solution, IReadOnlyList<string> Projects)
{
    private static readonly string[] SolutionExtensions = { ".sln", ".slnx" };

    /// <summary>Resolves a path; throws <see cref="ScanInputException"/> with a user-facing message when it names nothing scannable.</summary>
    public static ScanTarget Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            if (SolutionExtensions.Contains(extension))
            {
                return new ScanTarget(Path.GetDirectoryName(full)!, full, Array.Empty<string>());
            }

            if (extension == ".csproj")
            {
                return new ScanTarget(Path.GetDirectoryName(full)!, null, new[] { full });
            }

            throw new ScanInputException($"'{path}' is not a solution (.sln, .slnx) or C# project (.csproj).");
        }

        if (!Directory.Exists(full))
        {
            throw new ScanInputException($"'{path}' does not exist.");
        }

        var solutions = SolutionExtensions.SelectMany(e => Directory.GetFiles(full, "*" + e)).OrderBy(p => p, StringComparer.Ordinal).ToList();
        if (solutions.Count == 1)
        {
            return new ScanTarget(full, solutions[0], Array.Empty<string>());
        }

        if (solutions.Count > 1)
        {
            throw new ScanInputException($"'{path}' holds several solutions ({string.Join(", ", solutions.Select(Path.GetFileName))}); name the one to scan.");
        }

        var projects = FindProjects(full);
        if (projects.Count == 0)
        {
            throw new ScanInputException($"'{path}' holds no solution (.sln, .slnx) and no C# project (.csproj).");
        }

        return new ScanTarget(full, null, projects);
    }

    private static List<string> FindProjects(string directory)
    {
        // bin/obj and hidden folders hold generated or vendored copies, never the projects to scan.
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            result.AddRange(Directory.GetFiles(current, "*.csproj"));
            foreach (var child in Directory.GetDirectories(current))
            {
                var name = Path.GetFileName(child);
                if (name.StartsWith('.') || name is "bin" or "obj" or "node_modules")
                {
                    continue;
                }

                pending.Push(child);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}

/// <summary>A problem with what the user asked for (exit code 2), with a message that names it.</summary>
public sealed class ScanInputException : Exception
{
    public ScanInputException(string message)
        : base(message)
    {
    }
}
