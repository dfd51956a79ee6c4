using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Filtering;
using Koupleless.Scanner.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// The Koupleless diagnostics of some projects of a solution, found as `scan` finds them: the same analyzers, the
/// project's own role (or --role) and the --catalog files (<see cref="ProjectAnalysis.BuildOptions"/>). Active ones
/// only: a suppressed or hidden diagnostic is not a finding, so it is neither counted nor fixed.
/// </summary>
internal sealed class KouplelessDiagnostics
{
    private readonly AnalyzerSet _analyzers;
    private readonly ImmutableArray<CatalogAdditionalText> _catalogs;
    private readonly string? _roleOverride;
    private readonly PathFilter _filter;
    private readonly string _root;

    public KouplelessDiagnostics(AnalyzerSet analyzers, ImmutableArray<CatalogAdditionalText> catalogs, string? roleOverride, PathFilter filter, string root)
    {
        _analyzers = analyzers;
        _catalogs = catalogs;
        _roleOverride = roleOverride;
        _filter = filter;
        _root = root;
    }

    public async Task<ImmutableArray<Diagnostic>> OfProjectAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var (options, _) = ProjectAnalysis.BuildOptions(project, _catalogs, _roleOverride);
        var withAnalyzers = compilation.WithAnalyzers(
            _analyzers.Analyzers,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        return diagnostics
            .Where(d => _analyzers.RuleIds.Contains(d.Id) && d.Severity != DiagnosticSeverity.Hidden && !d.IsSuppressed && Accepted(d))
            .ToImmutableArray();
    }

    public async Task<IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>>> OfProjectsAsync(Solution solution, IEnumerable<ProjectId> projects, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ProjectId, ImmutableArray<Diagnostic>>();
        foreach (var id in projects)
        {
            result[id] = await OfProjectAsync(solution.GetProject(id)!, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// The findings a scan would report, per rule: a diagnostic of a file compiled by several projects (the target
    /// frameworks of one project) counts once.
    /// </summary>
    public static IReadOnlyDictionary<string, int> CountPerRule(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .Select(d => (d.Id, Path: d.Location.GetLineSpan().Path, d.Location.SourceSpan.Start, Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
        .Distinct()
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private bool Accepted(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        return string.IsNullOrEmpty(path) || _filter.Accepts(ProjectAnalysis.Relative(_root, path));
    }
}
