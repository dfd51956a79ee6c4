using System.IO;
using System.Linq;
using Koupleless.Cli;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Engine;

[Collection(ScanCollection.Name)]
public sealed class SolutionScanTests
{
    private readonly ScanFixture _fixture;

    public SolutionScanTests(ScanFixture fixture) => _fixture = fixture;

    private ScanReport Report => _fixture.SolutionReport;

    private Finding[] In(string path) => Report.Findings.Where(f => f.Path == path).OrderBy(f => f.Line).ToArray();

    [Fact]
    public void An_unloadable_project_gives_exit_code_3_and_the_rest_is_still_scanned()
    {
        Assert.True(_fixture.Solution.ExitCode == ExitCodes.Incomplete, _fixture.Solution.ToString());
        Assert.Contains(Report.Failures, f => f.Stage is "load" or "restore" && (f.Path ?? string.Empty).Contains("Unloadable"));
        Assert.Contains(Report.Projects, p => p.Name == "Unloadable" && p.Status == ProjectStatus.Failed);
        Assert.Equal(ProjectStatus.Analyzed, Report.Projects.Single(p => p.Name == "Module").Status);
        Assert.DoesNotContain("   at ", _fixture.Solution.Stderr);
        Assert.DoesNotContain("   at ", _fixture.Solution.Stdout);
    }

    [Fact]
    public void A_referenced_project_outside_the_solution_is_loaded_but_not_scanned()
    {
        Assert.DoesNotContain(Report.Projects, p => p.Name == "Outside");
        Assert.DoesNotContain(Report.Findings, f => f.Path!.StartsWith("Outside/", System.StringComparison.Ordinal));
        Assert.Equal(ProjectStatus.Analyzed, Report.Projects.Single(p => p.Name == "Module").Status);
    }

    [Fact]
    public void A_project_with_compile_errors_is_analysed_and_listed_with_its_first_error()
    {
        Assert.Equal(ProjectStatus.CompileErrors, Report.Projects.Single(p => p.Name == "Broken").Status);
        var failure = Assert.Single(Report.Failures, f => f.Stage == "compile");
        Assert.Contains("MissingType", failure.Message);
        Assert.Contains("Broken/Code.cs", failure.Message);
        Assert.Contains(In("Broken/Code.cs"), f => f.RuleId == "KPL1003");
    }

    [Fact]
    public void Findings_have_relative_paths_positions_and_levels()
    {
        var first = In("Module/Program.cs").First(f => f.RuleId == "KPL1003" && f.IsActive);
        Assert.Equal(10, first.Line);
        Assert.Equal(9, first.Column);
        Assert.Equal(FindingLevel.Warning, first.Level);
        Assert.Equal("Module", first.Project);
        Assert.Equal(RuleFamilies.StaticState, first.Family);
        Assert.Contains(first.Snippet!, l => l.Contains("<script>alert('x')</script>"));
        Assert.Equal(32, first.Fingerprint.Length);
    }

    [Fact]
    public void Pragma_and_SuppressMessage_suppressions_are_reported_as_suppressed()
    {
        var suppressed = In("Module/Program.cs").Where(f => f.Suppression is not null).ToArray();
        Assert.Equal(new[] { 12, 19 }, suppressed.Select(f => f.Line));
        Assert.All(suppressed, f => Assert.Equal("inSource", f.Suppression));
        Assert.Equal(2, Report.Counts.Suppressed);
    }

    [Fact]
    public void Editorconfig_severity_raises_to_error_and_none_removes()
    {
        Assert.Equal(FindingLevel.Error, Assert.Single(In("Module/Strict.cs")).Level);
        Assert.Empty(In("Module/Quiet.cs"));
    }

    [Fact]
    public void Exclude_glob_drops_findings_in_matching_files()
        => Assert.DoesNotContain(Report.Findings, f => f.Path!.Contains("Generated"));

    [Fact]
    public void Role_is_read_from_the_project_file_or_the_nearest_Directory_Build_props()
    {
        Assert.Equal("Module", Report.Projects.Single(p => p.Name == "Module").Role);
        Assert.Equal("Shared", Report.Projects.Single(p => p.Name == "Shared").Role);
        Assert.Equal("Base", Report.Projects.Single(p => p.Name == "BaseHost").Role);

        // KPL1004 applies to Module and Shared code, not to the base that owns the process.
        Assert.Contains(In("Module/Program.cs"), f => f.RuleId == "KPL1004");
        Assert.Contains(In("Shared/Lib.cs"), f => f.RuleId == "KPL1004");
        Assert.DoesNotContain(In("BaseHost/Host.cs"), f => f.RuleId == "KPL1004");
        Assert.Contains(In("BaseHost/Host.cs"), f => f.RuleId == "KPL1003");
    }

    [Fact]
    public void Catalog_option_adds_enterprise_hazards_and_reports_its_malformed_lines_once()
    {
        Assert.Contains(In("Module/Program.cs"), f => f.RuleId == "KPL1003" && f.Line == 15 && f.Message.Contains("the enterprise says so"));
        var malformed = Assert.Single(Report.Findings, f => f.RuleId == "KPL9001");
        Assert.Equal("catalogs/enterprise.txt", malformed.Path);
        Assert.Equal(3, malformed.Line);
        Assert.Equal(RuleFamilies.Configuration, malformed.Family);
    }

    [Fact]
    public void Every_analyzer_rule_is_described_in_the_report()
    {
        var ids = Report.Rules.Select(r => r.Id).ToArray();
        Assert.Contains("KPL1003", ids);
        Assert.Contains("KPL9001", ids);
        Assert.All(Report.Rules, r => Assert.False(string.IsNullOrEmpty(r.Title)));
    }

    [Fact]
    public void All_four_reports_are_written_and_the_summary_names_them()
    {
        foreach (var file in new[] { "koupleless.sarif", "koupleless.json", "koupleless.md", "koupleless.html" })
        {
            Assert.True(File.Exists(Path.Combine(_fixture.Out("out-solution"), file)), file);
            Assert.Contains(file, _fixture.Solution.Stdout);
        }
    }

    [Fact]
    public void Html_report_of_hostile_source_escapes_it()
    {
        var html = File.ReadAllText(Path.Combine(_fixture.Out("out-solution"), "koupleless.html"));
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
    }
}
