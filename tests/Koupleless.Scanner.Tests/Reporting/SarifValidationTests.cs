using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Sarif;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>The SARIF files pass Microsoft's validator (sarif-multitool); passes with a note when npm is unavailable.</summary>
[Collection(ScanCollection.Name)]
public sealed class SarifValidationTests
{
    private readonly ScanFixture _fixture;
    private readonly ITestOutputHelper _output;

    public SarifValidationTests(ScanFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>
    /// With GitHub's upload rules on (what code scanning rejects), zero errors and warnings: before, every rule lacked
    /// the help object (GH2012). No note either that a rule name is not PascalCase or lacks its help URI (SARIF2012), or
    /// that a result with a source line lacks its snippet (SARIF2010) or context region (SARIF2011).
    /// </summary>
    [Fact]
    public async Task Scan_and_hostile_sample_SARIF_files_are_valid_with_the_GitHub_rules()
    {
        var tool = await SarifMultitool.FindOrInstallAsync(_output.WriteLine);
        if (tool is null)
        {
            return;
        }

        var sample = _fixture.Tree.Write("sample.sarif", ReportWriters.Render(new SarifReportWriter(), SampleReport.Create()));
        foreach (var file in new[] { Path.Combine(_fixture.Out("out-solution"), "koupleless.sarif"), Path.Combine(_fixture.Out("out-b2"), "koupleless.sarif"), sample })
        {
            var results = await SarifMultitool.ValidateAllAsync(tool, file);
            // The hostile sample has a rule without a help URI on purpose (writers must cope): the validator's note on it is expected.
            var problems = results
                .Where(r => r.Level is "error" or "warning" || (r.RuleId == "SARIF2012" && !(file == sample && r.Json.Contains("Note_ProvideHelpUri", System.StringComparison.Ordinal))))
                .Select(r => r.Json)
                .ToList();
            Assert.True(problems.Count == 0, file + ":\n" + string.Join("\n", problems));
        }

        // The solution's findings all have a source line: each one carries its snippet and context region.
        var solution = await SarifMultitool.ValidateAllAsync(tool, Path.Combine(_fixture.Out("out-solution"), "koupleless.sarif"));
        var withLines = _fixture.SolutionReport.Findings.Count(f => f.Line > 0);
        Assert.True(withLines > 5, "the fixture solution has findings with source lines");
        var missing = solution.Where(r => r.RuleId is "SARIF2010" or "SARIF2011").Select(r => r.Json).ToList();
        Assert.True(missing.Count <= 2 * (_fixture.SolutionReport.Findings.Count - withLines), string.Join("\n", missing));
    }
}
