using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Html;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Reporting.Markdown;
using Koupleless.Scanner.Reporting.Sarif;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Reporting;

public sealed class ReportWriterTests
{
    private readonly ScanReport _report = SampleReport.Create();

    [Fact]
    public void Sarif_has_the_2_1_0_shape_with_rules_relative_locations_and_fingerprints()
    {
        using var doc = JsonDocument.Parse(ReportWriters.Render(new SarifReportWriter(), _report));
        var root = doc.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.StartsWith("https://", root.GetProperty("$schema").GetString());
        var run = root.GetProperty("runs")[0];
        Assert.StartsWith("file:///", run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());
        Assert.EndsWith("/", run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());

        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0];
        Assert.Equal("KPL1003", rule.GetProperty("id").GetString());
        Assert.Matches("^[A-Za-z0-9]+$", rule.GetProperty("name").GetString()!);
        Assert.Equal("warning", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("static-state", rule.GetProperty("properties").GetProperty("family").GetString());
        Assert.Equal("Koupleless.StaticState", rule.GetProperty("properties").GetProperty("category").GetString());
        Assert.True(rule.TryGetProperty("shortDescription", out _));
        Assert.True(rule.TryGetProperty("fullDescription", out _));
        Assert.True(rule.TryGetProperty("helpUri", out _));

        var result = run.GetProperty("results")[0];
        Assert.Equal("KPL1003", result.GetProperty("ruleId").GetString());
        Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("src/My%20App/Program.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(10, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("0123456789abcdef0123456789abcdef", result.GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString());

        var suppressed = run.GetProperty("results")[1];
        Assert.Equal("error", suppressed.GetProperty("level").GetString());
        Assert.Equal("inSource", suppressed.GetProperty("suppressions")[0].GetProperty("kind").GetString());

        var invocation = run.GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains("Bad<Project>", invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void Json_round_trips_with_schema_version_counts_and_failures()
    {
        var json = ReportWriters.Render(new JsonReportWriter(), _report);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(ScanReport.CurrentSchemaVersion, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("warning", doc.RootElement.GetProperty("findings")[0].GetProperty("level").GetString());
        Assert.Equal("analyzed", doc.RootElement.GetProperty("projects")[0].GetProperty("status").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("counts").GetProperty("active").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("counts").GetProperty("byFamily").GetProperty("static-state").GetInt32());

        var back = JsonReportWriter.Read(json)!;
        Assert.Equal(_report.Findings.Count, back.Findings.Count);
        Assert.Equal(_report.Findings[0].Message, back.Findings[0].Message);
        Assert.Equal(_report.Failures[0], back.Failures[0]);
    }

    [Fact]
    public void Markdown_escapes_table_breaking_and_html_text_and_links_locations()
    {
        var md = ReportWriters.Render(new MarkdownReportWriter(), _report);
        Assert.DoesNotContain("<script>", md);
        Assert.Contains("&lt;script&gt;", md);
        Assert.Contains("\\|", md);
        Assert.Contains("[src/My App/Program.cs:10](src/My%20App/Program.cs#L10)", md);
        Assert.Contains("| Static-state sharing (KPL1xxx) | 0 | 1 | 0 | 1 |", md);
        Assert.Contains("### Not scanned", md);

        // Every table row has the same number of unescaped pipes as its header.
        foreach (var line in md.Split('\n').Where(l => l.StartsWith("| warning")))
        {
            Assert.Equal(5, Regex.Matches(line, @"(?<!\\)\|").Count);
        }
    }

    /// <summary>The links open from where the report is written (before: relative to the scanned root wherever it lay).</summary>
    [Fact]
    public void Markdown_links_are_relative_to_the_report_folder()
    {
        var md = ReportWriters.Render(new MarkdownReportWriter(), _report, System.IO.Path.Combine(_report.RootDirectory, "artifacts", "scan"));
        Assert.Contains("[src/My App/Program.cs:10](../../src/My%20App/Program.cs#L10)", md);
    }

    [Fact]
    public void Html_is_self_contained_and_escapes_every_scanned_text()
    {
        var html = ReportWriters.Render(new HtmlReportWriter(), _report);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Single(Regex.Matches(html, "<script>")); // only the report's own filter script
        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http://", html.Replace("http://www.w3.org/2000/svg", string.Empty));
        Assert.Contains("App&lt;1&gt;", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Findings per family", html);
        Assert.Contains("href=\"https://example.invalid/KPL1003.md\"", html);
        Assert.Contains("href=\"#\"", html); // the javascript: help link was neutralised
        Assert.Contains("data-family=\"static-state\"", html);
    }

    [Theory]
    [InlineData("<b>&'\"`", "&lt;b&gt;&amp;&#39;&quot;&#96;")]
    [InlineData("a\u0001b", "a&#xFFFD;b")]
    [InlineData(null, "")]
    public void HtmlText_escapes(string? input, string expected) => Assert.Equal(expected, HtmlText.Escape(input));

    [Theory]
    [InlineData("javascript:alert(1)", "#")]
    [InlineData("data:text/html,x", "#")]
    [InlineData("//evil.example/x", "#")]
    [InlineData("https://ok.example/a?b=1&c=2", "https://ok.example/a?b=1&amp;c=2")]
    [InlineData("docs/rules/KPL1003.md", "docs/rules/KPL1003.md")]
    public void HtmlText_SafeHref(string input, string expected) => Assert.Equal(expected, HtmlText.SafeHref(input));

    [Fact]
    public void MarkdownText_cell_escapes_pipes_and_markup()
        => Assert.Equal("a \\| \\*b\\* &lt;i&gt; c", MarkdownText.Cell("a | *b* <i>\nc"));
}
