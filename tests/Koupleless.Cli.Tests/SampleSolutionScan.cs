using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// One `koupleless scan tests/Samples/Koupleless.Samples.sln --github` (README's first command, plus the pull-request
/// annotations) for every test that reads its outputs: an MSBuild load costs seconds on a 2-core machine.
/// </summary>
public sealed class SampleSolutionScan : IAsyncLifetime
{
    public const string Collection = "sample solution scan";

    public TempTree Output { get; } = new("sample-scan");

    public CliRun Run { get; private set; } = null!;

    public ScanReport Report { get; private set; } = null!;

    public static string RepositoryRoot => typeof(SampleSolutionScan).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public string ReportFile(string name) => Path.Combine(Output.Root, name);

    public async Task InitializeAsync()
    {
        var solution = Path.Combine(RepositoryRoot, "tests", "Samples", "Koupleless.Samples.sln");
        Run = await CliRun.RunAsync("scan", solution, "--output", Output.Root, "--github");
        var json = ReportFile("koupleless.json");
        Assert.True(File.Exists(json), Run.ToString());
        Report = JsonReportWriter.Read(File.ReadAllText(json))!;
    }

    public Task DisposeAsync()
    {
        Output.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(SampleSolutionScan.Collection)]
public sealed class SampleSolutionScanCollection : ICollectionFixture<SampleSolutionScan>
{
}
