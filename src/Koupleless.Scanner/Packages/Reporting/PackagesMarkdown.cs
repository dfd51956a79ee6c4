using System.Globalization;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.Markdown;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>GitHub-flavoured Markdown (job summaries, PR comments); every scanned string goes through <see cref="MarkdownText"/>.</summary>
public static class PackagesMarkdown
{
    public static void Write(PackagesReport report, TextWriter w)
    {
        w.WriteLine("# Koupleless package compatibility report");
        w.WriteLine();
        w.WriteLine($"Target: `{MarkdownText.Cell(report.Target).Replace("`", string.Empty)}` · framework {MarkdownText.Cell(report.Framework)}" + (report.Shard is null ? string.Empty : $" · shard {MarkdownText.Cell(report.Shard)}")
            + (report.ModuleHost is null ? string.Empty : $" · module host {MarkdownText.Cell(report.ModuleHost)}"));
        w.WriteLine();
        var counts = PackagesSummary.VerdictCounts(report);
        w.WriteLine("| Verdict | Packages |");
        w.WriteLine("|---|---:|");
        foreach (var verdict in Verdicts.Ordered)
        {
            w.WriteLine($"| {Verdicts.Title(verdict)} | {counts[verdict]} |");
        }

        w.WriteLine();
        w.WriteLine("## Summary");
        foreach (var (title, explanation, packages) in PackagesSummary.Groups(report))
        {
            w.WriteLine();
            w.WriteLine($"**{title}** ({packages.Count}) - {explanation}:");
            w.WriteLine(packages.Count == 0 ? "none" : string.Join(", ", packages.Select(p => MarkdownText.Cell(p.Id + " " + p.Version))));
        }

        var toAdd = report.AdaptersToAdd;
        if (toAdd.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("## Adapter packages to add");
            w.WriteLine();
            w.WriteLine("| Adapter package | Version | For | Projects |");
            w.WriteLine("|---|---|---|---|");
            foreach (var a in toAdd)
            {
                w.WriteLine($"| {MarkdownText.Cell(a.Package)} | {MarkdownText.Cell(a.Version)} | {MarkdownText.Cell(string.Join(", ", a.For))} | {MarkdownText.Cell(string.Join(", ", a.Projects))} |");
            }
        }

        w.WriteLine();
        w.WriteLine("## Packages");
        w.WriteLine();
        w.WriteLine("| Package | Version | Verdict | Placement | Static state | Context switching | Resources | Adapters | Used by |");
        w.WriteLine("|---|---|---|---|---:|---:|---:|---|---|");
        foreach (var p in report.Packages)
        {
            var adapters = string.Join("; ", p.Adapters.Select(a => (a.AdapterPackage is null ? a.Guidance ?? string.Empty : a.AdapterPackage + " " + a.AdapterVersion) + (a.Problem is null ? string.Empty : " (not applied)")));
            w.WriteLine($"| {MarkdownText.Cell(p.Id)} | {MarkdownText.Cell(p.Version)} | {Verdicts.Title(p.Verdict)} | {p.Placement} | {Count(p, RuleFamilies.StaticState)} | {Count(p, RuleFamilies.ContextSwitching)} | {Count(p, RuleFamilies.UnreleasedResources)} | {MarkdownText.Cell(adapters)} | {MarkdownText.Cell(PackagesSummary.UsedBy(p))} |");
        }

        foreach (var p in report.Packages.Where(p => p.Findings.Count > 0 || p.Problems.Count > 0))
        {
            w.WriteLine();
            w.WriteLine($"### {MarkdownText.Cell(p.Id)} {MarkdownText.Cell(p.Version)} - {Verdicts.Title(p.Verdict)}");
            foreach (var adapter in p.Adapters)
            {
                w.WriteLine();
                var link = adapter.DocsUrl is null ? string.Empty : $" ([docs]({MarkdownText.Url(adapter.DocsUrl)}))";
                w.WriteLine($"- Adapter ({MarkdownText.Cell(string.Join(", ", adapter.Covers))}): {MarkdownText.Cell(adapter.AdapterPackage is null ? string.Empty : adapter.AdapterPackage + " " + adapter.AdapterVersion + ". ")}{MarkdownText.Cell(adapter.Guidance)}{link}{(adapter.Problem is null ? string.Empty : " **Not applied:** " + MarkdownText.Cell(adapter.Problem))}");
            }

            foreach (var problem in p.Problems)
            {
                w.WriteLine($"- Problem: {MarkdownText.Cell(problem)}");
            }

            if (p.Findings.Count > 0)
            {
                w.WriteLine();
                w.WriteLine("| Rule | Type | Member | Assembly | Role | Evidence | Decompiled line |");
                w.WriteLine("|---|---|---|---|---:|---|");
                foreach (var f in p.Findings.Take(PackagesSummary.EvidencePerPackage))
                {
                    var judged = PackagesSummary.JudgedLine(f) is { } line ? $"{f.DecompiledLine}: {MarkdownText.Cell(line)}" : string.Empty;
                    w.WriteLine($"| {f.RuleId} | {MarkdownText.Cell(f.Type)} | {MarkdownText.Cell(f.Member)} | {MarkdownText.Cell(f.Assembly)} | {MarkdownText.Cell(f.Role)} | {MarkdownText.Cell(f.Message)} | {judged} |");
                }

                if (p.Findings.Count > PackagesSummary.EvidencePerPackage)
                {
                    w.WriteLine();
                    w.WriteLine($"... and {p.Findings.Count - PackagesSummary.EvidencePerPackage} more (see the JSON or SARIF report).");
                }
            }
        }

        if (report.TableProblems.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("## Table and input problems");
            foreach (var problem in report.TableProblems)
            {
                w.WriteLine($"- {MarkdownText.Cell(problem)}");
            }
        }

        var s = report.Statistics;
        w.WriteLine();
        w.WriteLine($"_{s.Packages} package(s), {s.Assemblies} assemblies, {s.AssemblyBytes / 1048576.0:F1} MB of assemblies ({s.IlBytes / 1048576.0:F1} MB of IL) in {s.TotalSeconds:F1} s._");
    }

    private static int Count(PackageResult p, string family) => p.FamilyCounts.TryGetValue(family, out var n) ? n : 0;
}
