using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Filtering;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// `koupleless fix`: loads and selects the projects exactly as a scan does (restore, MSBuildWorkspace, roles,
/// catalogs, include/exclude), applies the code fixes in memory (<see cref="FixSession"/>) and writes the changed
/// source files, unless <paramref name="dryRun"/>.
/// </summary>
public static class FixEngine
{
    /// <param name="onlyIds">The rule IDs to fix (--diagnostics); null for every rule with a fixer.</param>
    public static async Task<FixResult> RunAsync(ScanOptions options, IReadOnlySet<string>? onlyIds, bool dryRun, IScanProgress? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= IScanProgress.None;
        var target = ScanTarget.Resolve(options.Target);
        var catalogs = options.Catalogs.Select(CatalogAdditionalText.Load).ToImmutableArray();
        var filter = new PathFilter(options.Include, options.Exclude);

        MsBuildRegistration.EnsureRegistered();

        var failures = new List<ScanFailure>(await ScanEngine.RestoreAsync(target, options, progress, cancellationToken).ConfigureAwait(false));
        progress.Stage("Loading projects");
        var loaded = await WorkspaceLoader.LoadAsync(target, options, progress, cancellationToken).ConfigureAwait(false);
        using var workspace = loaded.Workspace;
        failures.AddRange(loaded.Failures);

        var root = target.RootDirectory;
        var (toAnalyze, _) = ScanEngine.SelectProjects(loaded, target, filter, options, progress);
        var diagnostics = new KouplelessDiagnostics(AnalyzerSet.Discover(), catalogs, options.RoleOverride, filter, root);
        var session = new FixSession(diagnostics, CodeFixSet.Discover(), onlyIds, root, progress);
        var outcome = await session.RunAsync(loaded.Solution, toAnalyze.Select(p => p.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var files = await SourceFiles.ChangesAsync(loaded.Solution, outcome.Solution, root, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            progress.Stage("Writing");
            foreach (var file in files)
            {
                SourceFiles.Write(file);
            }
        }

        return Result(outcome, files, failures, toAnalyze.Count);
    }

    internal static FixResult Result(FixSession.Outcome outcome, IReadOnlyList<ChangedFile> files, IReadOnlyList<ScanFailure> failures, int projects) => new()
    {
        FixedPerRule = outcome.Before
            .Select(p => (p.Key, Fixed: p.Value - outcome.After.GetValueOrDefault(p.Key)))
            .Where(p => p.Fixed > 0)
            .ToDictionary(p => p.Key, p => p.Fixed, StringComparer.Ordinal),
        Reverted = outcome.Reverted,
        FindingsBefore = outcome.Before.Values.Sum(),
        FindingsAfter = outcome.After.Values.Sum(),
        Files = files,
        Failures = failures,
        ProjectsAnalyzed = projects,
    };
}
