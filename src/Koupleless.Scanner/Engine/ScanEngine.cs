using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Baselines;
using Koupleless.Scanner.Filtering;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Engine;

/// <summary>Loads the target, analyses each project, and builds the report. Never throws for bad projects: they become failures.</summary>
public static class ScanEngine
{
    public static readonly ToolInfo Tool = new(
        "koupleless",
        (typeof(ScanEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0],
        "https://github.com/koupleless/koupleless-analyzers");

    /// <summary>Runs a scan. Throws <see cref="ScanInputException"/> only for input that names nothing scannable or an unreadable --catalog.</summary>
    public static async Task<ScanReport> RunAsync(ScanOptions options, IScanProgress? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= IScanProgress.None;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var target = ScanTarget.Resolve(options.Target);
        var catalogs = options.Catalogs.Select(CatalogAdditionalText.Load).ToImmutableArray();
        var filter = new PathFilter(options.Include, options.Exclude);
        var analyzers = AnalyzerSet.Discover();

        MsBuildRegistration.EnsureRegistered();

        var failures = new List<ScanFailure>(await RestoreAsync(target, options, progress, cancellationToken).ConfigureAwait(false));
        progress.Stage("Loading projects");
        var loaded = await WorkspaceLoader.LoadAsync(target, options, progress, cancellationToken).ConfigureAwait(false);
        using var workspace = loaded.Workspace;
        failures.AddRange(loaded.Failures);

        var root = target.RootDirectory;
        var (toAnalyze, projects) = SelectProjects(loaded, target, filter, options, progress);

        var results = await AnalyzeAsync(toAnalyze, analyzers, catalogs, options, root, progress, cancellationToken).ConfigureAwait(false);
        return AssembleReport(options, root, started, clock.Elapsed, analyzers, projects, failures, results, filter, loaded.Notes);
    }

    /// <summary>`dotnet restore` of the target when asked (MSBuildWorkspace never restores); the projects that failed to restore.</summary>
    internal static async Task<IReadOnlyList<ScanFailure>> RestoreAsync(ScanTarget target, ScanOptions options, IScanProgress progress, CancellationToken cancellationToken)
    {
        if (options.Restore)
        {
            progress.Stage("Restoring");
            var restoreFailures = await DotnetRestore.RunAsync(target.Solution is null ? target.Projects : new[] { target.Solution }, options, progress, cancellationToken).ConfigureAwait(false);
            if (restoreFailures.Count > 0 && target.Solution is not null)
            {
                // A solution restore stops at the first project it cannot read; restore the others one by one so
                // only the broken project goes unscanned.
                progress.Detail("solution restore failed; restoring its projects one by one");
                restoreFailures = await DotnetRestore.RunAsync(SolutionFile.ProjectPaths(target.Solution), options, progress, cancellationToken).ConfigureAwait(false);
            }

            return restoreFailures;
        }

        return Array.Empty<ScanFailure>();
    }

    /// <summary>
    /// The loaded C# projects the user asked for and the filter keeps (to analyse), and the skipped or failed ones (as
    /// report rows). Shared by scan and fix, so both work on exactly the same projects.
    /// </summary>
    internal static (List<Microsoft.CodeAnalysis.Project> ToAnalyze, List<ProjectResult> NotAnalyzed) SelectProjects(
        WorkspaceLoader.Loaded loaded, ScanTarget target, PathFilter filter, ScanOptions options, IScanProgress progress)
    {
        var root = target.RootDirectory;
        var projects = new List<ProjectResult>();
        var toAnalyze = new List<Microsoft.CodeAnalysis.Project>();
        var failedPaths = loaded.FailedProjectPaths.Select(p => ProjectAnalysis.Relative(root, p)).ToHashSet(StringComparer.Ordinal);
        var requested = RequestedProjects(target);
        foreach (var project in loaded.Solution.Projects.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (project.Language != Microsoft.CodeAnalysis.LanguageNames.CSharp)
            {
                continue;
            }

            var projectPath = project.FilePath is null ? project.Name : ProjectAnalysis.Relative(root, project.FilePath);
            if (failedPaths.Contains(projectPath))
            {
                // MSBuildWorkspace keeps an empty placeholder for a project it could not load; it is reported as failed below.
                continue;
            }

            if (requested is not null && project.FilePath is not null && !requested.Contains(Path.GetFullPath(project.FilePath)))
            {
                // MSBuildWorkspace also loads the projects the scanned ones reference (here: an analyzer project
                // referenced as an Analyzer item); they compile the scanned code but are not what the user asked for.
                progress.Detail($"{project.Name}: referenced by a scanned project but not part of the scan target; not analysed");
                continue;
            }

            var documents = project.Documents.Select(d => d.FilePath is null ? d.Name : ProjectAnalysis.Relative(root, d.FilePath));
            if (filter.RejectsProject(projectPath, documents))
            {
                projects.Add(new ProjectResult(project.Name, projectPath, options.RoleOverride ?? "-", null, project.DocumentIds.Count, 0, ProjectStatus.Skipped));
                continue;
            }

            toAnalyze.Add(project);
        }

        foreach (var failedPath in loaded.FailedProjectPaths)
        {
            projects.Add(new ProjectResult(Path.GetFileNameWithoutExtension(failedPath), ProjectAnalysis.Relative(root, failedPath), "-", null, 0, 0, ProjectStatus.Failed));
        }

        return (toAnalyze, projects);
    }

    /// <summary>
    /// Analyses the projects in parallel (each with its own role and catalogs, as a build would). A project whose
    /// analysis throws becomes a failure; the others go on.
    /// </summary>
    internal static async Task<IReadOnlyList<ProjectAnalysis.Result>> AnalyzeAsync(
        IReadOnlyList<Microsoft.CodeAnalysis.Project> toAnalyze,
        AnalyzerSet analyzers,
        ImmutableArray<CatalogAdditionalText> catalogs,
        ScanOptions options,
        string root,
        IScanProgress progress,
        CancellationToken cancellationToken)
    {
        progress.Stage("Analysing");
        progress.ProjectsFound(toAnalyze.Count);
        var results = new ConcurrentBag<ProjectAnalysis.Result>();
        await Parallel.ForEachAsync(
            toAnalyze,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            async (project, ct) =>
            {
                ProjectAnalysis.Result result;
                try
                {
                    result = await ProjectAnalysis.RunAsync(project, analyzers, catalogs, options, root, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var path = project.FilePath is null ? project.Name : ProjectAnalysis.Relative(root, project.FilePath);
                    result = new ProjectAnalysis.Result(
                        new ProjectResult(project.Name, path, options.RoleOverride ?? "-", null, project.DocumentIds.Count, 0, ProjectStatus.Failed),
                        Array.Empty<ProjectAnalysis.RawFinding>(),
                        new[] { new ScanFailure("analyze", project.Name, path, $"{ex.GetType().Name}: {ex.Message}") });
                }

                results.Add(result);
                progress.ProjectAnalyzed(project.Name, result.Findings.Count, result.Project.Status != ProjectStatus.Analyzed);
            }).ConfigureAwait(false);
        return results.OrderBy(r => r.Project.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The report of analysed projects: failures, deduplicated and fingerprinted findings, baseline states, counts.</summary>
    internal static ScanReport AssembleReport(
        ScanOptions options,
        string root,
        DateTimeOffset started,
        TimeSpan elapsed,
        AnalyzerSet analyzers,
        IReadOnlyList<ProjectResult> notAnalyzed,
        IReadOnlyList<ScanFailure> earlierFailures,
        IReadOnlyList<ProjectAnalysis.Result> results,
        PathFilter filter,
        IReadOnlyList<ScanNote>? notes = null)
    {
        var failures = earlierFailures.Concat(results.SelectMany(r => r.Failures)).ToList();
        var findings = Fingerprints.Assign(Deduplicate(results.SelectMany(r => r.Findings)).Where(f => filter.Accepts(f.Finding.Path)).Select(f => (f.Finding, f.LineText)));
        if (options.Baseline is { } baseline)
        {
            findings = findings.Select(f => f with { BaselineState = baseline.Contains(f.Fingerprint) ? "unchanged" : "new" }).ToList();
        }

        var perProject = findings.Where(f => f.IsActive).GroupBy(f => f.Project).ToDictionary(g => g.Key, g => g.Count());
        var projects = notAnalyzed
            .Concat(results.Select(r => r.Project with { Findings = perProject.TryGetValue(r.Project.Name, out var n) ? n : 0 }))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        return new ScanReport
        {
            Tool = Tool,
            Target = options.Target,
            RootDirectory = root,
            StartedAt = started,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 2),
            Rules = analyzers.Rules,
            Projects = projects,
            Findings = findings,
            Failures = failures,
            Notes = notes ?? Array.Empty<ScanNote>(),
            Counts = ReportCountsBuilder.From(findings),
            Baseline = options.BaselinePath,
        };
    }

    /// <summary>
    /// The same diagnostic arrives once per target framework of a multi-targeted project, and a catalog error once
    /// per project that reads the catalog; each is reported once (the first project, by name, keeps it).
    /// </summary>
    /// <summary>
    /// The project files the user named: the solution's projects, or the project(s) given or found in the folder.
    /// Null when the solution file lists none that can be read (then everything loaded is scanned).
    /// </summary>
    private static HashSet<string>? RequestedProjects(ScanTarget target)
    {
        var paths = target.Solution is null ? target.Projects : SolutionFile.ProjectPaths(target.Solution);
        return paths.Count == 0 ? null : paths.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<ProjectAnalysis.RawFinding> Deduplicate(IEnumerable<ProjectAnalysis.RawFinding> findings)
    {
        var seen = new HashSet<(string, string?, int, int, string)>();
        foreach (var raw in findings.OrderBy(r => r.Finding.Project, StringComparer.Ordinal))
        {
            var f = raw.Finding;
            if (seen.Add((f.RuleId, f.Path, f.Line, f.Column, f.Message)))
            {
                yield return raw;
            }
        }
    }
}
