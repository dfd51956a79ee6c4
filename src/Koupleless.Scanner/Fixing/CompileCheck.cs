using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Microsoft.CodeAnalysis;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// Compiles, in memory, the projects a fix touched and the projects that depend on them, and names the compiler errors
/// the fix added. Errors the code had before do not count; an error is matched by ID, file and message, not position,
/// because a fix moves the lines below it.
/// </summary>
internal sealed class CompileCheck
{
    private readonly Dictionary<ProjectId, IReadOnlyList<Diagnostic>> _accepted = new();
    private readonly string _root;

    public CompileCheck(string root) => _root = root;

    /// <summary>The errors <paramref name="candidate"/> has that <paramref name="current"/> has not, each as "path(line,col): ID message".</summary>
    public async Task<(IReadOnlyList<string> NewErrors, IReadOnlyDictionary<ProjectId, IReadOnlyList<Diagnostic>> Errors)> NewErrorsAsync(
        Solution current, Solution candidate, CancellationToken cancellationToken)
    {
        var graph = candidate.GetProjectDependencyGraph();
        var touched = candidate.GetChanges(current).GetProjectChanges().Select(c => c.ProjectId).ToList();
        var affected = touched.Concat(touched.SelectMany(graph.GetProjectsThatTransitivelyDependOnThisProject)).Distinct().ToList();
        var added = new List<string>();
        var errors = new Dictionary<ProjectId, IReadOnlyList<Diagnostic>>();
        foreach (var id in affected)
        {
            var before = await ErrorsOfAcceptedAsync(current, id, cancellationToken).ConfigureAwait(false);
            var after = await ErrorsAsync(candidate.GetProject(id), cancellationToken).ConfigureAwait(false);
            errors[id] = after;
            var remaining = before.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            foreach (var error in after)
            {
                if (remaining.TryGetValue(Key(error), out var count) && count > 0)
                {
                    remaining[Key(error)] = count - 1;
                }
                else
                {
                    added.Add(Describe(error));
                }
            }
        }

        return (added.Distinct(StringComparer.Ordinal).ToList(), errors);
    }

    /// <summary>The candidate became the current solution: its errors are the ones to compare the next fix with.</summary>
    public void Accept(IReadOnlyDictionary<ProjectId, IReadOnlyList<Diagnostic>> errors)
    {
        foreach (var (id, list) in errors)
        {
            _accepted[id] = list;
        }
    }

    private async Task<IReadOnlyList<Diagnostic>> ErrorsOfAcceptedAsync(Solution current, ProjectId id, CancellationToken cancellationToken)
    {
        if (!_accepted.TryGetValue(id, out var errors))
        {
            errors = await ErrorsAsync(current.GetProject(id), cancellationToken).ConfigureAwait(false);
            _accepted[id] = errors;
        }

        return errors;
    }

    private static async Task<IReadOnlyList<Diagnostic>> ErrorsAsync(Project? project, CancellationToken cancellationToken)
    {
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation is null
            ? Array.Empty<Diagnostic>()
            : compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed).ToList();
    }

    private static string Key(Diagnostic error)
        => $"{error.Id}|{error.Location.GetLineSpan().Path}|{error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private string Describe(Diagnostic error)
    {
        var span = error.Location.GetLineSpan();
        var where = string.IsNullOrEmpty(span.Path) ? string.Empty : $"{ProjectAnalysis.Relative(_root, span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): ";
        return $"{where}{error.Id} {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
