using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Merge;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Reporting.Sarif;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>The packages SARIF (real scan and merged shards) passes Microsoft's validator; passes with a note when npm is unavailable.</summary>
[Collection(RealPackagesCollection.Name)]
public sealed class PackagesSarifValidationTests
{
    private readonly RealPackagesFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PackagesSarifValidationTests(RealPackagesFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    /// <summary>With GitHub's upload rules on, zero errors (before: no full description, no help, no rule name) and no
    /// SARIF2012 note (friendly name, help URI). Snippets do not apply: the artifact of a finding is an assembly.</summary>
    [Fact]
    public async Task Real_and_merged_packages_SARIF_files_are_valid_with_the_GitHub_rules()
    {
        var tool = await SarifMultitool.FindOrInstallAsync(_output.WriteLine);
        if (tool is null)
        {
            return;
        }

        using var tree = new TempTree("pkgsarif");
        var real = tree.Write("real.sarif", SarifWriter.ToJson(PackagesSarif.Build(_fixture.Report)));
        var merged = tree.Write("merged.sarif", SarifWriter.ToJson(PackagesReportMerger.MergeSarif(new[]
        {
            PackagesSarif.Build(PackagesReportTests.Sample("A", "B")),
            PackagesSarif.Build(PackagesReportTests.Sample("B", "C")),
        })));
        foreach (var file in new[] { real, merged })
        {
            var problems = (await SarifMultitool.ValidateAllAsync(tool, file))
                .Where(r => r.Level is "error" or "warning" || r.RuleId == "SARIF2012")
                .Select(r => r.Json)
                .ToList();
            Assert.True(problems.Count == 0, file + ":\n" + string.Join("\n", problems));
        }
    }
}
