using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Sarif;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>What a SARIF rule and result carry for GitHub code scanning: help from the rule page, PascalCase names, snippets.</summary>
public sealed class SarifRuleTests
{
    /// <summary>The validator's own pattern for a friendly name (SARIF2012, Microsoft's sarif-sdk).</summary>
    private static readonly Regex PascalIdentifier = new(@"^(\p{Lu}[\p{Ll}\p{Nd}]+)*$");

    [Theory]
    [InlineData("A type or assembly is resolved by name in the default load context", "TypeOrAssemblyIsResolvedByNameInDefaultLoadContext")]
    [InlineData("Global singleton of a library is set", "GlobalSingletonOfLibraryIsSet")]
    [InlineData("Strong GC handle to a module object is never freed", "StrongGcHandleToModuleObjectIsNeverFreed")]
    [InlineData("KouplelessRole has an unknown value", "KouplelessRoleHasUnknownValue")]
    [InlineData("Newtonsoft.Json reads type names", "NewtonsoftJsonReadsTypeNames")]
    [InlineData("Process-wide state is changed", "ProcessWideStateIsChanged")]
    [InlineData("Module code asks for the host's entry assembly", "ModuleCodeAsksForHostsEntryAssembly")]
    [InlineData("Alert x script, plan B", "AlertXscriptPlanb")]
    [InlineData("3 handles of IDisposable v2", "HandlesOfIdisposableV2")]
    public void Friendly_name_is_a_pascal_identifier_from_the_title(string title, string expected)
    {
        Assert.Equal(expected, SarifRules.FriendlyName(title));
        Assert.Matches(PascalIdentifier, expected);
    }

    [Fact]
    public void Every_rule_of_the_analyzers_has_a_pascal_name_and_help_from_its_page()
    {
        Assert.NotEmpty(AnalyzerSet.Default.Rules);
        foreach (var rule in AnalyzerSet.Default.Rules)
        {
            var descriptor = SarifRules.Descriptor(rule);
            Assert.Matches(PascalIdentifier, descriptor.Name!);
            var help = descriptor.Help!;
            Assert.NotNull(rule.HelpUri);
            foreach (var section in RuleHelp.Sections)
            {
                Assert.Contains("## " + section, help.Markdown);
                Assert.Contains(section, help.Text);
            }

            Assert.Contains($"]({rule.HelpUri})", help.Markdown);
            Assert.DoesNotContain("## ", help.Text);
            // Smaller than the page: only the sections an alert needs.
            Assert.True(help.Markdown!.Length < RuleHelp.Page(rule.Id)!.Length, rule.Id);
            // Every link opens from GitHub's alert page: no relative target is left.
            foreach (Match link in Regex.Matches(help.Markdown, @"\]\(([^)\s]+)\)"))
            {
                Assert.True(Uri.IsWellFormedUriString(link.Groups[1].Value, UriKind.Absolute), $"{rule.Id}: relative link {link.Value}");
            }
        }
    }

    [Fact]
    public void Relative_links_of_a_page_become_absolute_against_the_page_url()
    {
        var page = "# KPL0000: t\n\n## What it reports\nSee [the catalog](../catalog.md) and [why](#why).\n\n## Why\nlong\n\n## How to fix\nUse `x`.\n";
        var help = RuleHelp.FromPage("KPL0000", page, "https://example.invalid/repo/blob/main/docs/rules/KPL0000.md");

        Assert.Contains("[the catalog](https://example.invalid/repo/blob/main/docs/catalog.md)", help.Markdown);
        Assert.DoesNotContain("## Why", help.Markdown);
        Assert.StartsWith("## What it reports", help.Markdown);
        Assert.Contains("## How to fix\nUse `x`.", help.Markdown);
        Assert.Contains("See the catalog and why.", help.Text);
    }

    [Fact]
    public void Results_carry_the_region_text_and_the_lines_around_it()
    {
        var finding = SampleReport.Create().Findings[0] with
        {
            Line = 10,
            Column = 5,
            EndLine = 10,
            EndColumn = 39,
            Snippet = new[] { "{", "    Environment.SetEnvironmentVariable(\"A\", \"b\");", "}" },
            SnippetStartLine = 9,
        };
        var report = SampleReport.Create();
        report = new ScanReport
        {
            Tool = report.Tool, Target = report.Target, RootDirectory = report.RootDirectory, Rules = report.Rules,
            Findings = new[] { finding, finding with { Line = 10, EndLine = 12 } }, Counts = report.Counts,
        };

        using var doc = JsonDocument.Parse(ReportWriters.Render(new SarifReportWriter(), report));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        var location = results[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("Environment.SetEnvironmentVariable", location.GetProperty("region").GetProperty("snippet").GetProperty("text").GetString());
        var context = location.GetProperty("contextRegion");
        Assert.Equal(9, context.GetProperty("startLine").GetInt32());
        Assert.Equal(11, context.GetProperty("endLine").GetInt32());
        Assert.Equal("{\n    Environment.SetEnvironmentVariable(\"A\", \"b\");\n}", context.GetProperty("snippet").GetProperty("text").GetString());

        // A region that runs past the kept lines has neither: a context region must contain the region.
        var beyond = results[1].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.False(beyond.GetProperty("region").TryGetProperty("snippet", out _));
        Assert.False(beyond.TryGetProperty("contextRegion", out _));
    }
}
