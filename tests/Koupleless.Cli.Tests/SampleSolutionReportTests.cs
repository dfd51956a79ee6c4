using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.GitHub;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Cli.Tests;

/// <summary>The reports of the sample solution as a user opens them: the HTML in a browser, the Markdown links, the PR annotations.</summary>
[Collection(SampleSolutionScan.Collection)]
public sealed class SampleSolutionReportTests
{
    private readonly SampleSolutionScan _scan;
    private readonly ITestOutputHelper _output;

    public SampleSolutionReportTests(SampleSolutionScan scan, ITestOutputHelper output)
    {
        _scan = scan;
        _output = output;
    }

    /// <summary>
    /// In a 1400 px window: no horizontal scroll bar, locations wrap only after a '/', snippets single-spaced. Before: the
    /// findings table overflowed the window, "Sample.Mo|dule/Backgro|undServices.cs" broke anywhere, and every snippet
    /// line was followed by an empty one.
    /// </summary>
    [Fact]
    public async Task Html_report_fits_a_1400px_window_in_headless_chromium()
    {
        if (HeadlessChromium.Find() is not { } browser)
        {
            _output.WriteLine("Chromium not installed (apt-get install chromium): browser check skipped.");
            return;
        }

        var layout = await HeadlessChromium.MeasureAsync(browser, _scan.ReportFile("koupleless.html"), 1400);
        _output.WriteLine(layout.ToString());
        Assert.True(layout.ViewportWidth >= 1380, layout.ToString());
        Assert.True(layout.ScrollWidth <= layout.ViewportWidth, layout.ToString());
        Assert.Empty(layout.MidWordBreaks);
        Assert.Equal(_scan.Report.Findings.Count(f => f.Snippet is { Count: > 0 }), layout.Snippets);
        Assert.True(layout.WorstSnippetLineRatio < 1.1, layout.ToString());
    }

    /// <summary>The Projects table names each project's target framework (it was empty for single-framework projects).</summary>
    [Fact]
    public void Projects_table_has_each_project_framework()
    {
        Assert.All(_scan.Report.Projects, p => Assert.Equal("net10.0", p.TargetFramework));
        var html = File.ReadAllText(_scan.ReportFile("koupleless.html"));
        var projects = html[html.IndexOf("<h2>Projects</h2>", StringComparison.Ordinal)..];
        var rows = Regex.Matches(projects, "<tr><td title=\"[^\"]*\">([^<]*)</td><td>[^<]*</td><td>([^<]*)</td>");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal("net10.0", row.Groups[2].Value));
    }

    /// <summary>Every file link of koupleless.md opens from the report's own folder (it was relative to the solution's).</summary>
    [Fact]
    public void Markdown_file_links_open_from_the_report_folder()
    {
        var markdown = File.ReadAllText(_scan.ReportFile("koupleless.md"));
        var links = Regex.Matches(markdown, @"\]\(([^)\s]+)\)")
            .Select(m => m.Groups[1].Value)
            .Where(target => !target.StartsWith("http", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(_scan.Report.Findings.Count(f => f.IsActive), links.Count);
        foreach (var link in links)
        {
            Assert.Matches(@"#L\d+$", link);
            var file = Path.GetFullPath(Uri.UnescapeDataString(link[..link.IndexOf('#')]), _scan.Output.Root);
            Assert.True(File.Exists(file), $"{link} does not open from {_scan.Output.Root}");
        }
    }

    /// <summary>
    /// --github prints a workflow command per finding, up to the 10 per kind GitHub shows, each naming a file that exists
    /// and the finding's line and column; then how many more the reports hold.
    /// </summary>
    [Fact]
    public void GitHub_annotations_point_at_each_finding_line()
    {
        var annotations = _scan.Run.Stdout.Split('\n')
            .Select(l => Regex.Match(l.TrimEnd('\r'), @"^::warning file=([^,]+),line=(\d+),endLine=\d+,col=(\d+)(?:,endColumn=\d+)?,title=(KPL\d{4})%3A [^:]+::(.+)$"))
            .Where(m => m.Success)
            .ToList();
        var warnings = _scan.Report.Findings.Count(f => f.IsActive && f.Level == FindingLevel.Warning);
        Assert.True(warnings > WorkflowCommand.ShownPerKind, _scan.Run.Stdout);
        Assert.Equal(WorkflowCommand.ShownPerKind, annotations.Count);
        foreach (var annotation in annotations)
        {
            var file = Path.GetFullPath(annotation.Groups[1].Value, WorkflowCommand.DefaultWorkspace());
            Assert.True(File.Exists(file), annotation.Value);
            Assert.Contains(_scan.Report.Findings, f =>
                f.RuleId == annotation.Groups[4].Value
                && f.Line.ToString() == annotation.Groups[2].Value
                && f.Column.ToString() == annotation.Groups[3].Value
                && file.EndsWith(f.Path!, StringComparison.Ordinal)
                && f.Message == annotation.Groups[5].Value);
        }

        Assert.Contains($"{warnings - WorkflowCommand.ShownPerKind} more finding(s) not annotated", _scan.Run.Stdout);
    }
}
