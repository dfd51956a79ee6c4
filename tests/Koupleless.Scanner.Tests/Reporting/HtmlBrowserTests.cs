using System.Diagnostics;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Html;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>Renders the HTML report in headless Chromium (html-check.sh, <see cref="HeadlessChromium"/>); passes with a note when Chromium is absent.</summary>
public sealed class HtmlBrowserTests
{
    private readonly ITestOutputHelper _output;

    public HtmlBrowserTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async System.Threading.Tasks.Task Report_renders_with_charts_and_a_working_filter_in_headless_chromium()
    {
        if (!File.Exists("/usr/bin/chromium") && !File.Exists("/usr/bin/chromium-browser"))
        {
            _output.WriteLine("Chromium not installed (apt-get install chromium): browser check skipped.");
            return;
        }

        using var tree = new TempTree("html");
        var html = tree.Write("koupleless.html", ReportWriters.Render(new HtmlReportWriter(), SampleReport.Create()));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(System.AppContext.BaseDirectory, "html-check.sh"));
        start.ArgumentList.Add(html);
        start.ArgumentList.Add(tree.PathOf("shot.png"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(System.TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        _output.WriteLine(output);
        Assert.True(process.ExitCode == 0, output);
        Assert.True(new FileInfo(tree.PathOf("shot.png")).Length > 10_000, "the screenshot is (nearly) empty");
    }

    /// <summary>
    /// At 1400 px (a laptop window) the page has no horizontal scroll bar even with a 300-character code line and a
    /// deep path; the path wraps only after a '/'; a snippet is as tall as its lines. Before: the snippet's line widened
    /// the findings table past the window, "break-all" cut paths anywhere, and each snippet line was followed by an
    /// empty one (a block span plus a newline inside the pre).
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task Report_fits_a_1400px_window_with_single_spaced_snippets_and_paths_wrapped_at_folders()
    {
        if (HeadlessChromium.Find() is not { } browser)
        {
            _output.WriteLine("Chromium not installed (apt-get install chromium): browser check skipped.");
            return;
        }

        var sample = SampleReport.Create();
        var wide = sample.Findings[0] with
        {
            Path = "src/Company.Product.Modules/Ordering/Infrastructure/Persistence/Configuration/OrderAggregateConfiguration.cs",
            Snippet = new[] { "{", "    var x = " + string.Concat(Enumerable.Repeat("Environment.GetEnvironmentVariable(\"A\") + ", 12)) + "\"\";", "}" },
        };
        var report = new ScanReport
        {
            Tool = sample.Tool, Target = sample.Target, RootDirectory = sample.RootDirectory, Rules = sample.Rules, Projects = sample.Projects,
            Findings = sample.Findings.Append(wide).ToList(), Failures = sample.Failures, Counts = sample.Counts,
        };
        using var tree = new TempTree("html1400");
        var html = tree.Write("koupleless.html", ReportWriters.Render(new HtmlReportWriter(), report));

        var layout = await HeadlessChromium.MeasureAsync(browser, html, 1400);
        _output.WriteLine(layout.ToString());
        Assert.True(layout.ViewportWidth >= 1380, layout.ToString());
        Assert.True(layout.ScrollWidth <= layout.ViewportWidth, layout.ToString());
        Assert.Empty(layout.MidWordBreaks);
        Assert.Equal(2, layout.Snippets);
        Assert.True(layout.WorstSnippetLineRatio < 1.1, layout.ToString());
    }
}
