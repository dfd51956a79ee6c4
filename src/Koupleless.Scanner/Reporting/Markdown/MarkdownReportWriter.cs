using System.Globalization;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Scanner.Reporting.Markdown;

/// <summary>
/// A short report for a CI job summary ($GITHUB_STEP_SUMMARY) or a PR comment: per-family counts, the top rules,
/// failures, and the first findings with file:line links relative to the report's own folder, so they open from the
/// report where it lies (a CI artifact, a repository checkout) and in the repository view.
/// </summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public const int MaxFindingRows = 100;

    public string Format => "md";

    public string FileName => "koupleless.md";

    public void Write(ScanReport report, TextWriter w) => Write(report, w, report.RootDirectory);

    public void Write(ScanReport report, TextWriter w, string reportDirectory)
    {
        var c = report.Counts;
        w.WriteLine("## Koupleless scan");
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"**{c.Active}** finding(s) in **{report.Projects.Count(p => p.Status != ProjectStatus.Skipped)}** project(s)"
            + $" ({c.Suppressed} suppressed, {c.Baselined} in baseline) — `{MarkdownText.Cell(report.Target)}`, {report.DurationSeconds:0.0}s."));
        w.WriteLine();

        w.WriteLine("| Family | Errors | Warnings | Notes | Total |");
        w.WriteLine("|---|---:|---:|---:|---:|");
        var active = report.Findings.Where(f => f.IsActive).ToList();
        foreach (var family in RuleFamilies.Ordered)
        {
            var inFamily = active.Where(f => f.Family == family).ToList();
            if (inFamily.Count == 0 && family == RuleFamilies.Other)
            {
                continue;
            }

            w.WriteLine($"| {RuleFamilies.Title(family)} | {inFamily.Count(f => f.Level == FindingLevel.Error)} | {inFamily.Count(f => f.Level == FindingLevel.Warning)} | {inFamily.Count(f => f.Level == FindingLevel.Note)} | {inFamily.Count} |");
        }

        w.WriteLine();
        if (c.ByRule.Count > 0)
        {
            w.WriteLine("### Top rules");
            w.WriteLine();
            w.WriteLine("| Rule | Title | Findings |");
            w.WriteLine("|---|---|---:|");
            var titles = report.Rules.ToDictionary(r => r.Id, r => r);
            foreach (var pair in c.ByRule.OrderByDescending(p => p.Value).ThenBy(p => p.Key, System.StringComparer.Ordinal).Take(10))
            {
                titles.TryGetValue(pair.Key, out var rule);
                var id = rule?.HelpUri is { } uri ? $"[{pair.Key}]({MarkdownText.Url(uri)})" : pair.Key;
                w.WriteLine($"| {id} | {MarkdownText.Cell(rule?.Title)} | {pair.Value} |");
            }

            w.WriteLine();
        }

        if (report.Failures.Count > 0)
        {
            w.WriteLine("### Not scanned");
            w.WriteLine();
            w.WriteLine("| Stage | Project | Problem |");
            w.WriteLine("|---|---|---|");
            foreach (var failure in report.Failures)
            {
                w.WriteLine($"| {failure.Stage} | {MarkdownText.Cell(failure.Project ?? failure.Path)} | {MarkdownText.Cell(failure.Message)} |");
            }

            w.WriteLine();
        }

        if (report.Notes.Count > 0)
        {
            w.WriteLine("### Load notes");
            w.WriteLine();
            w.WriteLine("Reported while loading; the projects were scanned.");
            w.WriteLine();
            w.WriteLine("| Stage | Project | Code | Note |");
            w.WriteLine("|---|---|---|---|");
            foreach (var note in report.Notes)
            {
                w.WriteLine($"| {note.Stage} | {MarkdownText.Cell(note.Project ?? note.Path)} | {MarkdownText.Cell(note.Code)} | {MarkdownText.Cell(note.Message)} |");
            }

            w.WriteLine();
        }

        if (active.Count > 0)
        {
            w.WriteLine("### Findings");
            w.WriteLine();
            w.WriteLine("| Level | Rule | Location | Message |");
            w.WriteLine("|---|---|---|---|");
            foreach (var f in active.OrderByDescending(f => f.Level).ThenBy(f => f.Path, System.StringComparer.Ordinal).ThenBy(f => f.Line).Take(MaxFindingRows))
            {
                w.WriteLine($"| {f.Level.ToString().ToLowerInvariant()} | {f.RuleId} | {Location(f, report.RootDirectory, reportDirectory)} | {MarkdownText.Cell(f.Message)} |");
            }

            if (active.Count > MaxFindingRows)
            {
                w.WriteLine();
                w.WriteLine($"… and {active.Count - MaxFindingRows} more (see the SARIF or HTML report).");
            }
        }
    }

    /// <summary>"path:line" linked from the report's folder to the file (and line, in a repository view).</summary>
    private static string Location(Finding f, string root, string reportDirectory)
    {
        if (f.Path is null)
        {
            return MarkdownText.Cell(f.Project);
        }

        var label = f.Line > 0 ? $"{f.Path}:{f.Line}" : f.Path;
        var file = Path.GetFullPath(f.Path, root);
        var relative = Path.GetRelativePath(Path.GetFullPath(reportDirectory), file);
        if (Path.IsPathRooted(relative))
        {
            // Another drive: no relative link reaches it.
            return MarkdownText.Cell(label);
        }

        var target = SarifWriter.ToUri(relative) + (f.Line > 0 ? $"#L{f.Line}" : string.Empty);
        return $"[{MarkdownText.Cell(label)}]({target})";
    }
}
