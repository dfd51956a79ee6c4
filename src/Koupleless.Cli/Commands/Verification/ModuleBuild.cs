using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Loading;

namespace Koupleless.Cli.Commands.Verification;

/// <summary>
/// The built assembly behind a path given to verify: an assembly as it is; a project built first (`dotnet build`,
/// incremental, so an up-to-date project costs a second) and its main output assembly taken.
/// </summary>
internal static class ModuleBuild
{
    /// <summary>The assembly; throws <see cref="ScanInputException"/> for a path that is neither, or a build that fails.</summary>
    public static string AssemblyOf(string path, string configuration)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return full;
        }

        var project = File.Exists(full) && full.EndsWith("proj", StringComparison.OrdinalIgnoreCase) ? full
            : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*.csproj").SingleOrDefault()
            : null;
        if (project is null)
        {
            throw new ScanInputException($"'{path}' is neither a built assembly (.dll) nor a project (or a folder with one project).");
        }

        Build(project, configuration);
        return Koupleless.Testing.ModuleCopies.ProjectOutput(project, configuration);
    }

    /// <summary>A folder or assembly of the base as it is; a base project built first, its output folder taken.</summary>
    public static string SharedPathOf(string path, string configuration)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) && !Directory.EnumerateFiles(full, "*.csproj").Any() || full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return full;
        }

        return Path.GetDirectoryName(AssemblyOf(path, configuration))!;
    }

    private static void Build(string project, string configuration)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", project, "-c", configuration, "--nologo", "-v", "q", "-clp:ErrorsOnly" })
        {
            start.ArgumentList.Add(argument);
        }

        // The MSBuild* variables of this process are MSBuildLocator's (scan registered the SDK in-process) or a test
        // host's: inherited, they would make the child build resolve differently from the user's shell.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var build = Process.Start(start) ?? throw new ScanInputException("could not start 'dotnet build'.");
        var stderr = build.StandardError.ReadToEndAsync();
        var stdout = build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet build {project}' failed (exit {build.ExitCode}):{Environment.NewLine}{(stdout + stderr.Result).Trim()}");
        }
    }
}
