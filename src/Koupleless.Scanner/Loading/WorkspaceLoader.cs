using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
internal static class WorkspaceLoader
{
    /// <param name="Solution">The loaded projects, without the framework-less copies of <see cref="LoadDiagnostics.Phantoms"/>.</param>
    public sealed record Loaded(Workspace Workspace, Solution Solution, IReadOnlyList<ScanFailure> Failures, IReadOnlyList<ScanNote> Notes, IReadOnlyList<string> FailedProjectPaths);

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

        var solution = workspace.CurrentSolution;
        var phantoms = LoadDiagnostics.Phantoms(solution);
        var phantomPaths = phantoms.Select(id => Path.GetFullPath(solution.GetProject(id)!.FilePath!)).ToHashSet(StringComparer.Ordinal);
        solution = phantoms.Aggregate(solution, (s, id) => s.RemoveProject(id));
        var sorted = LoadDiagnostics.Sort(solution, workspace.Diagnostics, phantomPaths, progress);
        failures.AddRange(sorted.Failures);
        failedPaths.AddRange(sorted.FailedPaths);
        return new Loaded(workspace, solution, failures, sorted.Notes, failedPaths.Distinct(StringComparer.Ordinal).ToList());
    }

    private static bool PathEquals(string? a, string? b) => LoadDiagnostics.PathEquals(a, b);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

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
