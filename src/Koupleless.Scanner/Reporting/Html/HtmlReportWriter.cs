using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.Html;

/// <summary>
/// One self-contained HTML file: inline CSS, inline SVG charts, a small inline script for filtering; no network.
/// Every piece of scanned text goes through <see cref="HtmlText.Escape"/>; the script reads only data-* attributes.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    public string Format => "html";

    public string FileName => "koupleless.html";

    public void Write(ScanReport report, TextWriter w)
    {
        var e = (System.Func<string?, string>)HtmlText.Escape;
        var c = report.Counts;
        var rules = report.Rules.ToDictionary(r => r.Id);
        w.Write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        w.Write($"<title>Koupleless scan — {e(report.Target)}</title><style>{Css}</style></head><body>");
        w.Write($"<header><h1>Koupleless scan</h1><p class=\"meta\"><code>{e(report.Target)}</code> · {e(report.Tool.Name)} {e(report.Tool.Version)} · {report.StartedAt.ToString("u", CultureInfo.InvariantCulture)} · {report.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s</p></header>");

        w.Write("<section class=\"summary\">");
        Tile(w, "Findings", c.Active, "active");
        foreach (var level in new[] { "error", "warning", "note" })
        {
            Tile(w, level + "s", c.ByLevel.TryGetValue(level, out var n) ? n : 0, level);
        }

        Tile(w, "suppressed", c.Suppressed, "muted");
        Tile(w, "in baseline", c.Baselined, "muted");
        Tile(w, "projects", report.Projects.Count(p => p.Status != ProjectStatus.Skipped), "muted");
        Tile(w, "not scanned", report.Failures.Count, report.Failures.Count > 0 ? "error" : "muted");
        w.Write("</section>");

        w.Write("<section class=\"charts\" id=\"charts\">");
        var familyBars = RuleFamilies.Ordered
            .Where(f => f != RuleFamilies.Other || c.ByFamily.ContainsKey(f))
            .Select(f => new SvgBarChart.Bar(RuleFamilies.Title(f), c.ByFamily.TryGetValue(f, out var n) ? n : 0, RuleFamilies.Color(f)))
            .ToList();
        w.Write(SvgBarChart.Render("Findings per family", familyBars));
        var projectBars = report.Projects
            .Where(p => p.Status != ProjectStatus.Skipped)
            .Select(p => new SvgBarChart.Bar(p.Name, c.ByProject.TryGetValue(p.Name, out var n) ? n : 0, "#2b8a3e"))
            .OrderByDescending(b => b.Value).ThenBy(b => b.Label, System.StringComparer.Ordinal).Take(25).ToList();
        w.Write(SvgBarChart.Render("Findings per project", projectBars));
        w.Write("</section>");

        if (report.Failures.Count > 0)
        {
            w.Write("<section><h2>Not scanned</h2><table class=\"failures fixed\"><colgroup><col class=\"w-stage\"><col class=\"w-where\"><col></colgroup><thead><tr><th>Stage</th><th>Project / file</th><th>Problem</th></tr></thead><tbody>");
            foreach (var failure in report.Failures)
            {
                w.Write($"<tr><td>{e(failure.Stage)}</td><td>{HtmlText.BreakAfter(failure.Project ?? failure.Path, PathBreaks)}</td><td>{e(failure.Message)}</td></tr>");
            }

            w.Write("</tbody></table></section>");
        }

        if (report.Notes.Count > 0)
        {
            w.Write("<section><h2>Load notes</h2><p>Reported while loading; the projects were scanned.</p><table class=\"failures\"><thead><tr><th>Stage</th><th>Project / file</th><th>Code</th><th>Note</th></tr></thead><tbody>");
            foreach (var note in report.Notes)
            {
                w.Write($"<tr><td>{e(note.Stage)}</td><td>{e(note.Project ?? note.Path)}</td><td>{e(note.Code)}</td><td>{e(note.Message)}</td></tr>");
            }

            w.Write("</tbody></table></section>");
        }

        WriteFindings(w, report, rules);
        WriteProjects(w, report);
        w.Write($"<script>{Script}</script></body></html>");
    }

    private static void WriteFindings(TextWriter w, ScanReport report, Dictionary<string, RuleInfo> rules)
    {
        var e = (System.Func<string?, string>)HtmlText.Escape;
        w.Write("<section><h2>Findings</h2><div class=\"filters\">");
        w.Write("<input id=\"q\" type=\"search\" placeholder=\"Filter: rule, file, project, message\" aria-label=\"Filter findings\">");
        w.Write("<select id=\"family\" aria-label=\"Family\"><option value=\"\">All families</option>");
        foreach (var family in RuleFamilies.Ordered)
        {
            w.Write($"<option value=\"{e(family)}\">{e(RuleFamilies.Title(family))}</option>");
        }

        w.Write("</select><select id=\"level\" aria-label=\"Level\"><option value=\"\">All levels</option><option>error</option><option>warning</option><option>note</option></select>");
        w.Write("<label><input id=\"inactive\" type=\"checkbox\"> show suppressed and baselined</label> <span id=\"shown\"></span></div>");
        // Fixed layout: a long snippet line scrolls inside its cell instead of widening the table past the window.
        w.Write("<table id=\"findings\" class=\"fixed\"><colgroup><col class=\"w-level\"><col class=\"w-rule\"><col class=\"w-loc\"><col class=\"w-project\"><col></colgroup><thead><tr><th>Level</th><th>Rule</th><th>Location</th><th>Project</th><th>Message</th></tr></thead><tbody>");
        var ordered = report.Findings
            .OrderBy(f => f.IsActive ? 0 : 1)
            .ThenByDescending(f => f.Level)
            .ThenBy(f => f.Path, System.StringComparer.Ordinal)
            .ThenBy(f => f.Line);
        foreach (var f in ordered)
        {
            var level = f.Level.ToString().ToLowerInvariant();
            var state = f.Suppression is not null ? "suppressed" : f.BaselineState == "unchanged" ? "baselined" : "active";
            var search = string.Join(' ', f.RuleId, f.Path, f.Project, f.Message).ToLowerInvariant();
            w.Write($"<tr class=\"finding {state}\" data-family=\"{e(f.Family)}\" data-level=\"{level}\" data-state=\"{state}\" data-text=\"{e(search)}\">");
            w.Write($"<td><span class=\"lvl {level}\">{level}</span>{(state == "active" ? string.Empty : $" <small>{state}</small>")}</td>");
            var help = rules.TryGetValue(f.RuleId, out var rule) ? rule.HelpUri : null;
            w.Write(help is null
                ? $"<td>{e(f.RuleId)}</td>"
                : $"<td><a href=\"{HtmlText.SafeHref(help)}\" title=\"{e(rule!.Title)}\">{e(f.RuleId)}</a></td>");
            var location = f.Path is null ? string.Empty : f.Line > 0 ? $"{f.Path}:{f.Line}:{f.Column}" : f.Path;
            w.Write($"<td class=\"loc\">{HtmlText.BreakAfter(location, PathBreaks)}</td><td>{HtmlText.BreakAfter(f.Project, NameBreaks)}</td><td>{e(f.Message)}");
            if (f.Snippet is { Count: > 0 })
            {
                HtmlCode.Write(w, f.Snippet, f.SnippetStartLine, f.Line);
            }

            w.Write("</td></tr>");
        }

        w.Write("</tbody></table></section>");
    }

    /// <summary>The lines around a finding, without their common indentation (the column is narrow), the finding's line marked.</summary>
    private static void WriteProjects(TextWriter w, ScanReport report)
    {
        var e = (System.Func<string?, string>)HtmlText.Escape;
        w.Write("<section><h2>Projects</h2><table><thead><tr><th>Project</th><th>Role</th><th>Framework</th><th>Documents</th><th>Findings</th><th>Status</th></tr></thead><tbody>");
        foreach (var p in report.Projects)
        {
            w.Write($"<tr><td title=\"{e(p.Path)}\">{e(p.Name)}</td><td>{e(p.Role)}</td><td>{e(p.TargetFramework)}</td><td>{p.Documents}</td><td>{p.Findings}</td><td>{e(p.Status.ToString())}</td></tr>");
        }

        w.Write("</tbody></table></section>");
    }

    /// <summary>Where a location may wrap: after a folder separator, never inside a file or folder name.</summary>
    private const string PathBreaks = "/\\";

    /// <summary>Where a project or type name may wrap: after a dot.</summary>
    private const string NameBreaks = ".";

    private static void Tile(TextWriter w, string label, int value, string kind)
        => w.Write($"<div class=\"tile {kind}\"><b>{value}</b><span>{HtmlText.Escape(label)}</span></div>");

    private const string Css =
        "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#212529;overflow-wrap:break-word}"
        + "h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #dee2e6}.meta{color:#6c757d;margin:0}"
        + ".summary{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}.tile{border:1px solid #dee2e6;border-radius:6px;padding:8px 14px;min-width:90px}"
        + ".tile b{display:block;font-size:22px}.tile span{color:#6c757d}.tile.error b{color:#c92a2a}.tile.warning b{color:#e67700}.tile.note b{color:#1971c2}"
        + ".charts{display:flex;flex-wrap:wrap;gap:24px}.chart text{font-size:12px;fill:#343a40}.chart .chart-title{font-weight:600;font-size:13px}"
        + "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e9ecef;padding:5px 8px;text-align:left;vertical-align:top}"
        + "th{background:#f8f9fa}.loc{font-family:ui-monospace,monospace;font-size:12px}"
        + "table.fixed{table-layout:fixed}.w-level{width:100px}.w-rule{width:76px}.w-loc{width:23%}.w-project{width:11%}.w-stage{width:90px}.w-where{width:28%}"
        + ".lvl{border-radius:4px;padding:0 6px;font-size:12px;color:#fff}.lvl.error{background:#c92a2a}.lvl.warning{background:#e67700}.lvl.note{background:#1971c2}.lvl.none{background:#868e96}"
        + "tr.suppressed,tr.baselined{color:#868e96}.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}.filters input[type=search]{flex:1;min-width:240px;padding:4px}"
        + HtmlCode.Css;

    // Filtering only toggles rows by their data-* attributes; no scanned text is ever handed to innerHTML or eval.
    private const string Script =
        "(function(){var q=document.getElementById('q'),fam=document.getElementById('family'),lvl=document.getElementById('level'),"
        + "ina=document.getElementById('inactive'),shown=document.getElementById('shown'),rows=document.querySelectorAll('#findings tr.finding');"
        + "function apply(){var t=q.value.toLowerCase(),n=0;for(var i=0;i<rows.length;i++){var r=rows[i],d=r.dataset;"
        + "var ok=(!t||d.text.indexOf(t)>=0)&&(!fam.value||d.family===fam.value)&&(!lvl.value||d.level===lvl.value)&&(ina.checked||d.state==='active');"
        + "r.style.display=ok?'':'none';if(ok)n++;}shown.textContent=n+' of '+rows.length+' shown';}"
        + "[q,fam,lvl,ina].forEach(function(x){x.addEventListener('input',apply);x.addEventListener('change',apply);});apply();})();";
}
