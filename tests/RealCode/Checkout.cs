using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Koupleless.RealCode;

/// <summary>
/// Puts a library's project folders at its pinned commit into the work folder, from a local git copy of its
/// repository: the search tool's snapshot layout (<c>owner+name/repo</c>) or a plain clone (<c>name/.git</c>).
/// Only the folders the benchmark compiles are checked out (snapshots lack their largest files).
/// </summary>
internal static class Checkout
{
    private const string Marker = ".realcode-checkout";

    public static string Ensure(Library library, string sourcesDirectory, string workDirectory)
    {
        var destination = Path.Combine(workDirectory, library.CheckoutName);
        if (File.Exists(Path.Combine(destination, Marker)))
        {
            return destination;
        }

        var gitDirectory = FindGitDirectory(library, sourcesDirectory)
            ?? throw new InvalidOperationException(
                $"{library.Name}: no git copy of {library.Repository} under {sourcesDirectory} "
                + $"(expected {library.Repository.Replace('/', '+')}/repo or {library.Repository.Split('/')[1]}/.git)");

        Directory.CreateDirectory(destination);
        var paths = library.Projects.SelectMany(PathsOf).Distinct(StringComparer.Ordinal).ToList();
        var (exitCode, error) = Git(gitDirectory, destination, new[] { "checkout", "-f", library.Commit, "--" }.Concat(paths));
        if (exitCode != 0 && !paths.All(p => Path.Exists(Path.Combine(destination, p))))
        {
            throw new InvalidOperationException($"{library.Name}: git checkout {library.Commit} failed: {error.Trim()}");
        }

        File.WriteAllText(Path.Combine(destination, Marker), library.Commit + Environment.NewLine);
        return destination;
    }

    /// <summary>A project's folder and the linked files outside it.</summary>
    private static IEnumerable<string> PathsOf(LibraryProject project)
    {
        yield return project.Directory;
        foreach (var include in project.Include ?? Array.Empty<string>())
        {
            yield return Path.GetRelativePath(".", Path.Combine(project.Directory, include)).Replace('\\', '/');
        }
    }

    private static string? FindGitDirectory(Library library, string sourcesDirectory)
    {
        var snapshot = Path.Combine(sourcesDirectory, library.Repository.Replace('/', '+'), "repo");
        var candidates = new[]
        {
            Path.Combine(snapshot, ".git"),
            snapshot,
            Path.Combine(sourcesDirectory, library.Repository.Split('/')[1], ".git"),
        };
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "HEAD")));
    }

    private static (int ExitCode, string Error) Git(string gitDirectory, string workTree, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("--git-dir=" + gitDirectory);
        start.ArgumentList.Add("--work-tree=" + workTree);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A private index: the shared git copy's own index is never touched.
        start.Environment["GIT_INDEX_FILE"] = Path.Combine(workTree, ".realcode-index");
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
