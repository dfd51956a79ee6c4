using System.Diagnostics;
using System.IO;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Html;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>Renders the HTML report in headless Chromium through html-check.sh; passes with a note when Chromium is absent.</summary>
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
}
