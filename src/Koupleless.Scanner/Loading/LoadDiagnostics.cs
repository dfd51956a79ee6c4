using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Microsoft.CodeAnalysis;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Sorts what MSBuildWorkspace reported while loading into failures (a project was not loaded: exit 3) and notes (it was).
/// MSBuildWorkspace reports every MSBuild error *and warning* logged by a design-time build as a
/// <see cref="WorkspaceDiagnosticKind.Failure"/> reading "Msbuild failed when processing the file '…' with message: …"
/// (Roslyn's DiagnosticReporter drops the log item's level), so a restore warning such as NU1603 or NU1902, or an SDK
/// warning such as NETSDK1138, would otherwise mark a project that loaded and compiled as not scanned. The level is
/// recovered from the project's obj/project.assets.json when the restore logged the message; otherwise whether the
/// project loaded decides. Compile errors are judged later, by the compilation itself.
/// </summary>
internal static partial class LoadDiagnostics
{
    public sealed record Sorted(IReadOnlyList<ScanFailure> Failures, IReadOnlyList<ScanNote> Notes, IReadOnlyList<string> FailedPaths);

    public static Sorted Sort(Solution solution, IEnumerable<WorkspaceDiagnostic> diagnostics, IReadOnlySet<string> phantomPaths, IScanProgress progress)
    {
        var failures = new List<ScanFailure>();
        var notes = new List<ScanNote>();
        var failedPaths = new List<string>();
        var restoreLogs = new Dictionary<string, IReadOnlyList<AssetsLogEntry>>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Kind != WorkspaceDiagnosticKind.Failure)
            {
                progress.Detail("load warning: " + diagnostic.Message);
                continue;
            }

            var message = diagnostic.Message.Trim();
            var (path, body) = Parse(message);
            var project = path is null ? null : Path.GetFileNameWithoutExtension(path);
            if (path is null)
            {
                failures.Add(new ScanFailure("load", null, null, message));
                continue;
            }

            if (phantomPaths.Contains(path) && body.Contains("'Compile' target", StringComparison.Ordinal))
            {
                notes.Add(new ScanNote("load", project, path, "an empty entry in <TargetFrameworks> (such as a leading ';' before an empty property) made MSBuild load the project once more without a target framework; that copy was ignored"));
                continue;
            }

            if (!restoreLogs.TryGetValue(path, out var logs))
            {
                restoreLogs[path] = logs = RestoreLogs(path);
            }

            var logged = logs.FirstOrDefault(l => l.Message.Length > 0 && body.Contains(l.Message, StringComparison.Ordinal));
            var loaded = solution.Projects.Any(p => PathEquals(p.FilePath, path) && p.DocumentIds.Count > 0);
            // An error the restore logged stays a failure even when the project loaded (its closure is not what was asked for).
            if (loaded && logged is not { IsError: true })
            {
                notes.Add(new ScanNote("load", project, path, body, logged is null || logged.Code.Length == 0 ? null : logged.Code));
                continue;
            }

            if (!loaded)
            {
                failedPaths.Add(path);
            }

            failures.Add(new ScanFailure("load", project, path, logged is null || logged.Code.Length == 0 ? message : $"{logged.Code}: {message}"));
        }

        return new Sorted(failures, notes, failedPaths);
    }

    /// <summary>
    /// Files loaded once per target framework whose framework-less copy has nothing to compile: MSBuildWorkspace splits
    /// &lt;TargetFrameworks&gt; on ';' without dropping empty entries, so "$(Extra);net8.0" with Extra empty adds a copy of
    /// the project with an empty TargetFramework (the outer, cross-targeting build, which has no Compile target).
    /// </summary>
    public static IReadOnlyList<ProjectId> Phantoms(Solution solution)
        => solution.Projects
            .Where(p => p.FilePath is not null)
            .GroupBy(p => Path.GetFullPath(p.FilePath!), StringComparer.Ordinal)
            .Where(g => g.Any(p => ProjectAnalysis.FrameworkOf(p.Name) is not null))
            .SelectMany(g => g.Where(p => ProjectAnalysis.FrameworkOf(p.Name) is null && p.DocumentIds.Count == 0))
            .Select(p => p.Id)
            .ToList();

    internal static (string? Path, string Body) Parse(string message)
    {
        if (MsBuildFailedPattern().Match(message) is { Success: true } failed)
        {
            return (failed.Groups["path"].Value, failed.Groups["body"].Success ? failed.Groups["body"].Value.Trim() : message);
        }

        // Another (or a localized) wording: the project named in it, and the whole text.
        return (ProjectPathPattern().Match(message) is { Success: true } match ? match.Groups[1].Value : null, message);
    }

    private static IReadOnlyList<AssetsLogEntry> RestoreLogs(string projectPath)
    {
        try
        {
            var assets = AssetsFile.PathFor(projectPath);
            return File.Exists(assets) ? AssetsFile.Read(assets).Logs : Array.Empty<AssetsLogEntry>();
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Array.Empty<AssetsLogEntry>();
        }
    }

    internal static bool PathEquals(string? a, string? b)
        => a is not null && b is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    [GeneratedRegex(@"^Msbuild failed when processing the file '(?<path>[^']+)'(?: with message: (?<body>.*))?", RegexOptions.Singleline)]
    private static partial Regex MsBuildFailedPattern();

    [GeneratedRegex(@"'([^']+\.(?:cs|vb|fs)proj)'", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectPathPattern();
}
