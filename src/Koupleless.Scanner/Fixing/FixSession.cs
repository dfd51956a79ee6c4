using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// Applies the code fixes to a solution in memory, one rule at a time: the fixer's Fix All over the whole solution
/// (one fix at a time when it has none, or when its Fix All broke the build), each batch compiled at once and undone
/// when it adds a compiler error or a file its project would not compile. Nothing is written here.
/// </summary>
internal sealed class FixSession
{
    private readonly KouplelessDiagnostics _diagnostics;
    private readonly CodeFixSet _fixes;
    private readonly IReadOnlySet<string>? _onlyIds;
    private readonly IScanProgress _progress;
    private readonly CompileCheck _compile;
    private readonly List<RevertedFix> _reverted = new();

    /// <param name="onlyIds">The rule IDs to fix (--diagnostics); null fixes every rule that has a fixer.</param>
    public FixSession(KouplelessDiagnostics diagnostics, CodeFixSet fixes, IReadOnlySet<string>? onlyIds, string root, IScanProgress progress)
    {
        _diagnostics = diagnostics;
        _fixes = fixes;
        _onlyIds = onlyIds;
        _progress = progress;
        _compile = new CompileCheck(root);
    }

    public sealed record Outcome(Solution Solution, IReadOnlyDictionary<string, int> Before, IReadOnlyDictionary<string, int> After, IReadOnlyList<RevertedFix> Reverted);

    public async Task<Outcome> RunAsync(Solution solution, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        _progress.Stage("Analysing");
        var diagnostics = await _diagnostics.OfProjectsAsync(solution, projects, cancellationToken).ConfigureAwait(false);
        var before = KouplelessDiagnostics.CountPerRule(diagnostics.Values.SelectMany(d => d));
        var ids = before.Keys
            .Where(id => (_onlyIds is null || _onlyIds.Contains(id)) && !_fixes.For(id).IsEmpty)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();

        var current = solution;
        foreach (var id in ids)
        {
            _progress.Stage($"Fixing {id}");
            var ofId = diagnostics.ToDictionary(p => p.Key, p => p.Value.Where(d => d.Id == id).ToImmutableArray());
            var next = await FixAllAsync(current, id, ofId, cancellationToken).ConfigureAwait(false)
                ?? await FixOneByOneAsync(current, id, projects, cancellationToken).ConfigureAwait(false);
            if (next != current)
            {
                current = next;
                diagnostics = await _diagnostics.OfProjectsAsync(current, projects, cancellationToken).ConfigureAwait(false);
            }
        }

        var after = KouplelessDiagnostics.CountPerRule(diagnostics.Values.SelectMany(d => d));
        return new Outcome(current, before, after, _reverted);
    }

    /// <summary>The solution with every <paramref name="id"/> diagnostic fixed by one Fix All; null when no fixer offers one or the batch had to be undone.</summary>
    private async Task<Solution?> FixAllAsync(Solution current, string id, IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> ofId, CancellationToken cancellationToken)
    {
        var first = ofId.Values.SelectMany(d => d).Where(d => d.Location.SourceTree is not null).ToList();
        foreach (var provider in _fixes.For(id))
        {
            var fixAll = provider.GetFixAllProvider();
            if (fixAll is null || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
            {
                continue;
            }

            // As dotnet format does: the equivalence key of the first fix offered for a diagnostic of the ID.
            foreach (var diagnostic in first)
            {
                var document = current.GetDocument(diagnostic.Location.SourceTree);
                var action = document is null ? null : await FirstActionAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (action is null)
                {
                    continue;
                }

                var context = new FixAllContext(document!.Project, provider, FixAllScope.Solution, action.EquivalenceKey, new[] { id }, new FixedDiagnosticProvider(ofId), cancellationToken);
                var fix = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                var candidate = fix is null ? null : await ChangedSolutionAsync(fix, cancellationToken).ConfigureAwait(false);
                if (candidate is null || candidate == current)
                {
                    break;
                }

                if (await KeepAsync(current, candidate, id, report: false, cancellationToken).ConfigureAwait(false))
                {
                    return candidate;
                }

                _progress.Detail($"{id}: Fix All of {provider.GetType().Name} was undone; fixing one at a time");
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Fixes the diagnostics of <paramref name="id"/> one at a time, analysing again after each (positions move), and
    /// steps over any that has no fix or whose fix is undone.
    /// </summary>
    private async Task<Solution> FixOneByOneAsync(Solution current, string id, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        var skipped = 0;
        var limit = 1000;
        while (limit-- > 0)
        {
            var remaining = (await _diagnostics.OfProjectsAsync(current, projects, cancellationToken).ConfigureAwait(false)).Values
                .SelectMany(d => d)
                .Where(d => d.Id == id && d.Location.SourceTree is not null)
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            if (skipped >= remaining.Count)
            {
                break;
            }

            var diagnostic = remaining[skipped];
            var document = current.GetDocument(diagnostic.Location.SourceTree);
            var candidate = null as Solution;
            foreach (var provider in _fixes.For(id))
            {
                var action = document is null ? null : await FirstActionAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
                candidate = action is null ? null : await ChangedSolutionAsync(action, cancellationToken).ConfigureAwait(false);
                if (candidate is not null && candidate != current)
                {
                    break;
                }
            }

            if (candidate is not null && candidate != current && await KeepAsync(current, candidate, id, report: true, cancellationToken).ConfigureAwait(false))
            {
                current = candidate;
            }
            else
            {
                skipped++;
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="candidate"/> may replace <paramref name="current"/>; when not, and <paramref name="report"/>, lists why.</summary>
    private async Task<bool> KeepAsync(Solution current, Solution candidate, string id, bool report, CancellationToken cancellationToken)
    {
        var changes = candidate.GetChanges(current).GetProjectChanges().ToList();
        var files = changes
            .SelectMany(c => c.GetChangedDocuments().Concat(c.GetAddedDocuments()))
            .Select(d => candidate.GetDocument(d) is { } doc ? SourceFiles.PathOf(doc) ?? doc.Name : d.ToString()!)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var reason = UnwritableChange(changes, candidate);
        IReadOnlyList<string> newErrors = Array.Empty<string>();
        if (reason is null)
        {
            var check = await _compile.NewErrorsAsync(current, candidate, cancellationToken).ConfigureAwait(false);
            if (check.NewErrors.Count == 0)
            {
                _compile.Accept(check.Errors);
                return true;
            }

            newErrors = check.NewErrors;
            reason = $"adds {check.NewErrors.Count} compiler error(s)";
        }

        if (report)
        {
            _reverted.Add(new RevertedFix(id, files, reason, newErrors));
        }

        return false;
    }

    /// <summary>Why a change cannot be written as source files alone, or null when it can.</summary>
    private static string? UnwritableChange(IReadOnlyList<ProjectChanges> changes, Solution candidate)
    {
        foreach (var change in changes)
        {
            if (change.GetRemovedDocuments().Any() || change.GetAddedAdditionalDocuments().Any() || change.GetChangedAdditionalDocuments().Any()
                || change.GetAddedProjectReferences().Any() || change.GetAddedMetadataReferences().Any())
            {
                return $"changes {change.NewProject.Name} beyond its source files (koupleless fix only writes source files)";
            }

            foreach (var added in change.GetAddedDocuments())
            {
                var document = candidate.GetDocument(added)!;
                var path = SourceFiles.PathOf(document);
                if (path is null || !ProjectGlobs.Includes(document.Project, path))
                {
                    return $"adds {document.Name}, which {change.NewProject.Name} would only compile with a Compile item (koupleless fix never edits a project file)";
                }
            }
        }

        return null;
    }

    private static async Task<CodeAction?> FirstActionAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
        var first = actions.FirstOrDefault();
        while (first is not null && !first.NestedActions.IsDefaultOrEmpty)
        {
            first = first.NestedActions[0];
        }

        return first;
    }

    private static async Task<Solution?> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }
}
