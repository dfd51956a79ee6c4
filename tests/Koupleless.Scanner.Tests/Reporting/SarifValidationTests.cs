using System.IO;
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

    [Fact]
    public async Task Scan_and_hostile_sample_SARIF_files_are_valid()
    {
        var tool = await SarifMultitool.FindOrInstallAsync(_output.WriteLine);
        if (tool is null)
        {
            return;
        }

        var sample = _fixture.Tree.Write("sample.sarif", ReportWriters.Render(new SarifReportWriter(), SampleReport.Create()));
        foreach (var file in new[] { Path.Combine(_fixture.Out("out-solution"), "koupleless.sarif"), Path.Combine(_fixture.Out("out-b2"), "koupleless.sarif"), sample })
        {
            var problems = await SarifMultitool.ValidateAsync(tool, file);
            Assert.True(problems.Length == 0, file + ":\n" + string.Join("\n", problems));
        }
    }
}
