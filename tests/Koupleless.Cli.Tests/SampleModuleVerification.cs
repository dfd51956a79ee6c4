using System.IO;
using System.Threading.Tasks;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// The run-time side of the sample module, run once for every test that reads it (each step builds or runs a module):
/// the user-style test project tests/Samples/Sample.Module.Tests under `dotnet test` (it builds both modules), then
/// `koupleless verify` of Sample.Module (project, built if needed, with the static report of <see cref="SampleSolutionScan"/>)
/// and of its hand-fixed copy (the built assembly). In the scan's collection: both build the projects of tests/Samples.
/// </summary>
public sealed class SampleModuleVerification : IAsyncLifetime
{
    private readonly SampleSolutionScan _scan;

    public SampleModuleVerification(SampleSolutionScan scan) => _scan = scan;

    public TempTree Output { get; } = new("sample-verify");

    public DotNetResult UserTests { get; private set; } = null!;

    public CliRun Original { get; private set; } = null!;

    public ScanReport OriginalReport { get; private set; } = null!;

    public CliRun Fixed { get; private set; } = null!;

    public ScanReport FixedReport { get; private set; } = null!;

    public static string Samples => Path.Combine(SampleSolutionScan.RepositoryRoot, "tests", "Samples");

    /// <summary>Both entries of the module (the KPL1xxx and the KPL3xxx hazards); ORDERS_DB keeps OrderModule from ending the process.</summary>
    public static readonly string[] Entries =
    {
        "--entry", "Sample.Module.OrderModule.Start", "--entry", "Sample.Module.BackgroundServices.Start", "--env", "ORDERS_DB=orders.db",
    };

    public async Task InitializeAsync()
    {
        UserTests = DotNetCli.Run(Samples, null, "test", Path.Combine("Sample.Module.Tests", "Sample.Module.Tests.csproj"), "--logger", "console;verbosity=normal");
        var baseProject = Path.Combine(Samples, "Sample.Base", "Sample.Base.csproj");
        (Original, OriginalReport) = await VerifyAsync("original", Path.Combine(Samples, "Sample.Module", "Sample.Module.csproj"), "--base", baseProject, "--scan-report", _scan.ReportFile("koupleless.json"));
        var fixedAssembly = Path.Combine(Samples, "Sample.Module.Fixed", "bin", "Debug", "net10.0", "Sample.Module.Fixed.dll");
        (Fixed, FixedReport) = await VerifyAsync("fixed", fixedAssembly, "--base", Path.Combine(Samples, "Sample.Base", "bin", "Debug", "net10.0"));
    }

    private async Task<(CliRun, ScanReport)> VerifyAsync(string name, string module, params string[] options)
    {
        var output = Output.PathOf(name);
        var run = await CliRun.RunAsync(["verify", module, .. Entries, .. options, "--output", output]);
        var json = Path.Combine(output, "koupleless.json");
        Assert.True(File.Exists(json), run.ToString());
        return (run, JsonReportWriter.Read(File.ReadAllText(json))!);
    }

    public Task DisposeAsync()
    {
        Output.Dispose();
        return Task.CompletedTask;
    }
}
