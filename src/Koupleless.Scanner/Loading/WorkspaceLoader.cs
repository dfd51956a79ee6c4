using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Loads the target with MSBuildWorkspace. Only method bodies here mention MSBuild types, so nothing loads them
/// before <see cref="MsBuildRegistration.EnsureRegistered"/> has run.
/// </summary>
internal static partial class WorkspaceLoader
{
    public sealed record Loaded(Workspace Workspace, Solution Solution, IReadOnlyList<ScanFailure> Failures, IReadOnlyList<string> FailedProjectPaths);

    public static async Task<Loaded> LoadAsync(ScanTarget target, ScanOptions options, IScanProgress progress, CancellationToken cancellationToken)
    {
        var properties = new Dictionary<string, string>(options.Properties, StringComparer.OrdinalIgnoreCase)
        {
            ["Configuration"] = options.Configuration,
        };
        var workspace = MSBuildWorkspace.Create(properties);
        workspace.SkipUnrecognizedProjects = true;
        var loadProgress = new LoadProgress(progress);
        var failures = new List<ScanFailure>();
        var failedPaths = new List<string>();

        try
        {
            if (target.Solution is not null)
            {
                await workspace.OpenSolutionAsync(target.Solution, msbuildLogger: null, loadProgress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var projectPath in target.Projects)
                {
                    // A project already opened as another one's reference is in the solution; opening it again throws.
                    if (workspace.CurrentSolution.Projects.Any(p => PathEquals(p.FilePath, projectPath)))
                    {
                        continue;
                    }

                    try
                    {
                        await workspace.OpenProjectAsync(projectPath, msbuildLogger: null, loadProgress, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failures.Add(new ScanFailure("load", Path.GetFileNameWithoutExtension(projectPath), projectPath, FirstLine(ex.Message)));
                        failedPaths.Add(projectPath);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failures.Add(new ScanFailure("load", null, target.Solution, FirstLine(ex.Message)));
        }

        foreach (var diagnostic in workspace.Diagnostics)
        {
            if (diagnostic.Kind != WorkspaceDiagnosticKind.Failure)
            {
                progress.Detail("load warning: " + diagnostic.Message);
                continue;
            }

            var path = ProjectPathPattern().Match(diagnostic.Message) is { Success: true } match ? match.Groups[1].Value : null;
            // A project that failed to evaluate may still appear as an empty placeholder: it counts as not loaded.
            var loaded = path is not null && workspace.CurrentSolution.Projects.Any(p => PathEquals(p.FilePath, path) && p.DocumentIds.Count > 0);
            if (path is not null && !loaded)
            {
                failedPaths.Add(path);
            }

            failures.Add(new ScanFailure("load", path is null ? null : Path.GetFileNameWithoutExtension(path), path, diagnostic.Message.Trim()));
        }

        return new Loaded(workspace, workspace.CurrentSolution, failures, failedPaths.Distinct(StringComparer.Ordinal).ToList());
    }

    private static bool PathEquals(string? a, string? b)
        => a is not null && b is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex(@"'([^']+\.(?:cs|vb|fs)proj)'", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectPathPattern();

    private sealed class LoadProgress : IProgress<ProjectLoadProgress>
    {
        private readonly IScanProgress _progress;

        public LoadProgress(IScanProgress progress) => _progress = progress;

        public void Report(ProjectLoadProgress value)
        {
            if (value.Operation == ProjectLoadOperation.Resolve)
            {
                var name = Path.GetFileNameWithoutExtension(value.FilePath);
                _progress.ProjectLoaded(value.TargetFramework is null ? name : $"{name} ({value.TargetFramework})");
            }
        }
    }
}
