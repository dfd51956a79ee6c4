using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>Renders the real packages HTML report in headless Chromium (no network); passes with a note when Chromium is absent.</summary>
[Collection(RealPackagesCollection.Name)]
public sealed class PackagesHtmlBrowserTests
{
    private readonly RealPackagesFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PackagesHtmlBrowserTests(RealPackagesFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Report_renders_its_chart_and_tables_in_headless_chromium()
    {
        var browser = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : File.Exists("/usr/bin/chromium-browser") ? "/usr/bin/chromium-browser" : null;
        if (browser is null)
        {
            _output.WriteLine("Chromium not installed (apt-get install chromium): browser check skipped.");
            return;
        }

        using var tree = new TempTree("pkghtml");
        var files = PackagesReportFiles.WriteAll(_fixture.Report, new[] { "html" }, tree.Root);
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--user-data-dir=" + tree.PathOf("profile"), "--dump-dom", "file://" + files[0] })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var dom = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(System.TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await dom;
        _output.WriteLine(await errors);
        Assert.Contains("<svg", text);
        Assert.Contains("Packages by verdict", text);
        Assert.Contains("NLog", text);
        Assert.DoesNotContain("<script", text);
    }

    /// <summary>
    /// At 1400 px the page has no horizontal scroll bar: the evidence tables keep long type names and messages inside
    /// their columns. Before, NLog's and Newtonsoft.Json's evidence stretched the page to about 2500 px.
    /// </summary>
    [Fact]
    public async Task Report_fits_a_1400px_window()
    {
        if (HeadlessChromium.Find() is not { } browser)
        {
            _output.WriteLine("Chromium not installed (apt-get install chromium): browser check skipped.");
            return;
        }

        using var tree = new TempTree("pkghtml1400");
        var files = PackagesReportFiles.WriteAll(_fixture.Report, new[] { "html" }, tree.Root);
        Assert.Contains(_fixture.Report.Packages, p => p.Findings.Count > 0);

        var layout = await HeadlessChromium.MeasureAsync(browser, files[0], 1400);
        _output.WriteLine(layout.ToString());
        Assert.True(layout.ViewportWidth >= 1380, layout.ToString());
        Assert.True(layout.ScrollWidth <= layout.ViewportWidth, layout.ToString());
    }
}
