using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Baselines;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Koupleless.Testing.CrossTalk;
using Koupleless.Testing.Hosting;
using Koupleless.Testing.Retention;

namespace Koupleless.Cli.Commands.Verification;

/// <summary>
/// A verify run as the report model `scan` writes (docs/verify.md): each way a copy was kept is an error finding of
/// the KPL rule that describes it (KPL3000 when none does), each process-wide change a warning of KPL1003 or KPL1005,
/// and the static findings of a scan report the run confirmed are notes.
/// </summary>
internal static class VerifyReport
{
    /// <summary>A retention path no rule describes: the module stayed, through a reference of no known shape.</summary>
    public static readonly RuleInfo KeptLoaded = new(
        "KPL3000", "Module stays loaded after unload", "Run time: a reference from a GC root keeps the module's context after Unload(); the finding names the chain.",
        "Koupleless.UnreleasedResources", RuleFamilies.UnreleasedResources, FindingLevel.Error, null);

    public static ScanReport Build(string target, string modulePath, VerifyResult result, ScanReport? staticReport, DateTimeOffset started, TimeSpan elapsed)
    {
        var root = Directory.GetCurrentDirectory();
        var project = Path.GetFileNameWithoutExtension(modulePath);
        var path = Relative(root, Path.GetFullPath(target));
        var raw = Retention(result.Retention, project, path).Concat(CrossTalk(result.CrossTalk, project, path)).ToList();
        var findings = Fingerprints.Assign(raw);
        var known = AnalyzerSet.Default.Rules.ToDictionary(r => r.Id);
        var rules = findings.Select(f => f.RuleId).Distinct().Select(id => known.TryGetValue(id, out var rule) ? rule : KeptLoaded).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var failures = result.Failures.Select(f => new ScanFailure("run", project, path, f)).ToList();
        if (result.Retained.Count > 0 && result.Retention is { Error: { } error })
        {
            failures.Add(new ScanFailure("explain", project, path, $"{string.Join(", ", result.Retained)} stayed loaded; the retention path could not be computed: {error}"));
        }

        return new ScanReport
        {
            Tool = ScanEngine.Tool,
            Target = target,
            RootDirectory = root,
            StartedAt = started,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 2),
            Rules = rules,
            Projects = new[] { new ProjectResult(project, path, "Module", null, 0, findings.Count, failures.Count == 0 ? ProjectStatus.Analyzed : ProjectStatus.Failed) },
            Findings = findings,
            Failures = failures,
            Notes = Confirmed(staticReport, project, findings).ToList(),
            Counts = ReportCountsBuilder.From(findings),
        };
    }

    /// <summary>One finding per rule, root and shape: the copies it kept are named in the message.</summary>
    private static IEnumerable<(Finding, string)> Retention(RetentionReport? retention, string project, string path)
        => (retention?.Paths ?? Array.Empty<RetentionPath>())
            .GroupBy(p => (p.RuleId, p.Shape, p.Root))
            .Select(g => (Finding(g.Key.RuleId ?? KeptLoaded.Id, FindingLevel.Error, $"{string.Join(", ", g.Select(p => p.Copy))} stayed loaded after unload, kept by {g.Key.Shape}: {g.First().Chain}", project, path), g.Key.Root));

    private static IEnumerable<(Finding, string)> CrossTalk(CrossTalkReport crossTalk, string project, string path)
        => crossTalk.Changes.Select(change => (Finding(change.RuleId, FindingLevel.Warning, change.Summary, project, path), change.State));

    /// <summary>The static findings of the module's project that a run-time finding is evidence for.</summary>
    private static IEnumerable<ScanNote> Confirmed(ScanReport? staticReport, string project, IReadOnlyList<Finding> runTime)
    {
        return (staticReport?.Findings ?? Array.Empty<Finding>())
            .Where(f => f.IsActive && f.Project == project && runTime.Any(r => RunTimeEvidence.Confirms(r, f)))
            .Select(f => new ScanNote("confirmed", project, f.Path, $"{f.RuleId} at {f.Path}:{f.Line} confirmed at run time: {f.Message}", f.RuleId));
    }

    private static Finding Finding(string ruleId, FindingLevel level, string message, string project, string path) => new()
    {
        RuleId = ruleId,
        Level = level,
        Message = message,
        Path = path,
        Project = project,
        Family = RuleFamilies.Of(ruleId),
        Category = "RunTime",
        Fingerprint = "",
    };

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
