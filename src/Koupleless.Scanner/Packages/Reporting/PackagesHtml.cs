using System.Globalization;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.Html;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>A self-contained HTML page (inline CSS and SVG chart, no script, no network); all scanned text escaped.</summary>
public static class PackagesHtml
{
    public static void Write(PackagesReport report, TextWriter w)
    {
        w.Write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Koupleless package compatibility report</title>");
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        w.Write($"<style>{Css}</style></head><body>");
        w.Write("<h1>Koupleless package compatibility report</h1>");
        w.Write($"<p>Target <code>{HtmlText.Escape(report.Target)}</code>, framework {HtmlText.Escape(report.Framework)}{(report.Shard is null ? string.Empty : ", shard " + HtmlText.Escape(report.Shard))}{(report.ModuleHost is null ? string.Empty : ", module host " + HtmlText.Escape(report.ModuleHost))}</p>");
        var counts = PackagesSummary.VerdictCounts(report);
        w.Write(SvgBarChart.Render("Packages by verdict", Verdicts.Ordered.Select(v => new SvgBarChart.Bar(Verdicts.Title(v), counts[v], Verdicts.Color(v))).ToList()));
        w.Write("<h2>Summary</h2><ul>");
        foreach (var (title, explanation, packages) in PackagesSummary.Groups(report))
        {
            w.Write($"<li><strong>{HtmlText.Escape(title)}</strong> ({packages.Count}) - {HtmlText.Escape(explanation)}: {(packages.Count == 0 ? "none" : HtmlText.Escape(string.Join(", ", packages.Select(p => p.Id + " " + p.Version))))}</li>");
        }

        w.Write("</ul>");
        WriteAdaptersToAdd(report, w);
        w.Write("<h2>Packages</h2><table><tr><th>Package</th><th>Version</th><th>Verdict</th><th>Placement</th><th>Static state</th><th>Context switching</th><th>Resources</th><th>Adapters</th><th>Used by</th></tr>");
        foreach (var p in report.Packages)
        {
            w.Write($"<tr><td><a href=\"#{Anchor(p)}\">{HtmlText.Escape(p.Id)}</a></td><td>{HtmlText.Escape(p.Version)}</td><td class=\"v-{HtmlText.Escape(p.Verdict)}\">{HtmlText.Escape(Verdicts.Title(p.Verdict))}</td><td>{HtmlText.Escape(p.Placement)}</td>");
            w.Write($"<td>{Count(p, RuleFamilies.StaticState)}</td><td>{Count(p, RuleFamilies.ContextSwitching)}</td><td>{Count(p, RuleFamilies.UnreleasedResources)}</td><td>");
            foreach (var a in p.Adapters)
            {
                w.Write(HtmlText.Escape(a.AdapterPackage is null ? a.Guidance : a.AdapterPackage + " " + a.AdapterVersion));
                if (a.DocsUrl is not null)
                {
                    w.Write($" <a href=\"{HtmlText.SafeHref(a.DocsUrl)}\">docs</a>");
                }

                if (a.Problem is not null)
                {
                    w.Write($" <strong>not applied</strong>: {HtmlText.Escape(a.Problem)}");
                }

                w.Write("<br>");
            }

            w.Write($"</td><td>{HtmlText.Escape(PackagesSummary.UsedBy(p))}</td></tr>");
        }

        w.Write("</table>");
        foreach (var p in report.Packages.Where(p => p.Findings.Count > 0 || p.Problems.Count > 0))
        {
            w.Write($"<h3 id=\"{Anchor(p)}\">{HtmlText.Escape(p.Id)} {HtmlText.Escape(p.Version)} - <span class=\"v-{HtmlText.Escape(p.Verdict)}\">{HtmlText.Escape(Verdicts.Title(p.Verdict))}</span></h3>");
            foreach (var problem in p.Problems)
            {
                w.Write($"<p>Problem: {HtmlText.Escape(problem)}</p>");
            }

            if (p.Findings.Count == 0)
            {
                continue;
            }

            // Fixed layout: long type names and messages wrap inside their columns instead of widening the page.
            w.Write("<table class=\"evidence\"><colgroup><col class=\"w-rule\"><col class=\"w-type\"><col class=\"w-member\"><col class=\"w-assembly\"><col class=\"w-role\"><col></colgroup>");
            w.Write("<tr><th>Rule</th><th>Type</th><th>Member</th><th>Assembly</th><th>Role</th><th>Evidence (decompiled code)</th></tr>");
            foreach (var f in p.Findings.Take(PackagesSummary.EvidencePerPackage))
            {
                w.Write($"<tr><td>{HtmlText.Escape(f.RuleId)}</td><td><code>{HtmlText.BreakAfter(f.Type, NameBreaks)}</code></td><td><code>{HtmlText.BreakAfter(f.Member, NameBreaks)}</code></td><td>{HtmlText.BreakAfter(f.Assembly, "/")}</td><td>{HtmlText.Escape(f.Role)}</td><td>{HtmlText.Escape(f.Message)}");
                if (f.Snippet is { Count: > 0 } && f.SnippetStartLine is { } first)
                {
                    HtmlCode.Write(w, f.Snippet, first, f.DecompiledLine);
                }

                w.Write("</td></tr>");
            }

            w.Write("</table>");
            if (p.Findings.Count > PackagesSummary.EvidencePerPackage)
            {
                w.Write($"<p>... and {p.Findings.Count - PackagesSummary.EvidencePerPackage} more (see the JSON or SARIF report).</p>");
            }
        }

        if (report.TableProblems.Count > 0)
        {
            w.Write("<h2>Table and input problems</h2><ul>");
            foreach (var problem in report.TableProblems)
            {
                w.Write($"<li>{HtmlText.Escape(problem)}</li>");
            }

            w.Write("</ul>");
        }

        var s = report.Statistics;
        w.Write($"<p><small>{s.Packages} package(s), {s.Assemblies} assemblies, {s.AssemblyBytes / 1048576.0:F1} MB of assemblies ({s.IlBytes / 1048576.0:F1} MB of IL) in {s.TotalSeconds:F1} s.</small></p></body></html>");
    }

    /// <summary>Where a type or member name may wrap: after a namespace dot or a generic argument separator.</summary>
    private const string NameBreaks = ".,{<";

    // overflow-wrap: a message quotes type names without spaces; it breaks them rather than push past the window.
    private const string Css =
        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1400px;padding:0 2em;color:#212529;overflow-wrap:break-word}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f3f5}"
        + "table.evidence{table-layout:fixed;width:100%}table.evidence td{overflow-wrap:anywhere}"
        + ".w-rule{width:80px}.w-type{width:22%}.w-member{width:15%}.w-assembly{width:15%}.w-role{width:80px}"
        + HtmlCode.Css
        + ".v-compatible{color:#2f9e44}.v-compatible-with-adapter{color:#1c7ed6}.v-needs-review{color:#f08c00}.v-incompatible{color:#e03131}"
        + "code{font-size:90%}.chart text{font-size:13px}.chart-title{font-weight:bold}";

    private static string Anchor(PackageResult p) => HtmlText.Escape("pkg-" + p.Id.ToLowerInvariant() + "-" + p.Version.ToLowerInvariant());

    private static int Count(PackageResult p, string family) => p.FamilyCounts.TryGetValue(family, out var n) ? n : 0;

    private static void WriteAdaptersToAdd(PackagesReport report, TextWriter w)
    {
        var toAdd = report.AdaptersToAdd;
        if (toAdd.Count == 0)
        {
            return;
        }

        w.Write("<h2>Adapter packages to add</h2><table><tr><th>Adapter package</th><th>Version</th><th>For</th><th>Projects</th></tr>");
        foreach (var a in toAdd)
        {
            w.Write($"<tr><td>{HtmlText.Escape(a.Package)}</td><td>{HtmlText.Escape(a.Version)}</td><td>{HtmlText.Escape(string.Join(", ", a.For))}</td><td>{HtmlText.Escape(string.Join(", ", a.Projects))}</td></tr>");
        }

        w.Write("</table>");
    }
}
