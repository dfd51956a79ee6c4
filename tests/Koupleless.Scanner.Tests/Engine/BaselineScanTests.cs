using System.IO;
using System.Linq;
using System.Text.Json;
using Koupleless.Cli;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Engine;

[Collection(ScanCollection.Name)]
public sealed class BaselineScanTests
{
    private readonly ScanFixture _fixture;

    public BaselineScanTests(ScanFixture fixture) => _fixture = fixture;

    [Fact]
    public void Writing_a_baseline_records_every_active_finding()
    {
        Assert.True(_fixture.BaselineWrite.ExitCode == ExitCodes.Findings, _fixture.BaselineWrite.ToString());
        using var baseline = JsonDocument.Parse(File.ReadAllText(_fixture.Out("baseline.json")));
        Assert.Equal(1, baseline.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(4, baseline.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void After_lines_move_only_the_added_hazard_is_new()
    {
        var report = _fixture.BaselineCompareReport;
        Assert.True(_fixture.BaselineCompare.ExitCode == ExitCodes.Findings, _fixture.BaselineCompare.ToString());
        Assert.Equal(5, report.Findings.Count);
        var added = Assert.Single(report.Findings, f => f.BaselineState == "new");
        Assert.Contains("SetCurrentDirectory", added.Message);
        Assert.Equal(4, report.Findings.Count(f => f.BaselineState == "unchanged"));
        Assert.Equal(1, report.Counts.Active);
        Assert.Equal(4, report.Counts.Baselined);

        var sarif = File.ReadAllText(Path.Combine(_fixture.Out("out-b2"), "koupleless.sarif"));
        Assert.Contains("\"baselineState\": \"unchanged\"", sarif);
        Assert.Contains("\"baselineState\": \"new\"", sarif);
    }

    [Fact]
    public void Role_option_overrides_the_project_role()
    {
        Assert.True(_fixture.RoleOverride.ExitCode == ExitCodes.Clean, _fixture.RoleOverride.ToString());
        Assert.Equal("Base", Assert.Single(_fixture.RoleOverrideReport.Projects).Role);
        Assert.DoesNotContain(_fixture.RoleOverrideReport.Findings, f => f.RuleId == "KPL1004");
        Assert.Contains(_fixture.RoleOverrideReport.Findings, f => f.RuleId == "KPL1003");
    }
}
