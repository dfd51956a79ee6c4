using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Xunit;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>
/// Builds one small solution on disk and runs every MSBuild-backed scan the tests need, once, in sequence
/// (each MSBuild load costs seconds on a 2-core machine). The tests then only read the results.
/// </summary>
public sealed class ScanFixture : IAsyncLifetime
{
    public TempTree Tree { get; } = new("scan");

    /// <summary>The solution scan: five projects (one unloadable, one with compile errors), a catalog, an exclude glob.</summary>
    public CliRun Solution { get; private set; } = null!;

    public ScanReport SolutionReport { get; private set; } = null!;

    /// <summary>A single project, written as a baseline (exit 1: it has findings at --fail-on warning).</summary>
    public CliRun BaselineWrite { get; private set; } = null!;

    /// <summary>The same project after its lines moved and one hazard was added, against that baseline.</summary>
    public CliRun BaselineCompare { get; private set; } = null!;

    public ScanReport BaselineCompareReport { get; private set; } = null!;

    /// <summary>The same project with --role Base and --fail-on none.</summary>
    public CliRun RoleOverride { get; private set; } = null!;

    public ScanReport RoleOverrideReport { get; private set; } = null!;

    public string Out(string name) => Tree.PathOf(name);

    public async Task InitializeAsync()
    {
        SampleFiles.WriteSolution(Tree);
        SampleFiles.WriteSolo(Tree, moved: false);

        Solution = await CliRun.RunAsync(
            "scan", Tree.PathOf("Fixture.slnx"),
            "--output", Out("out-solution"),
            "--catalog", Tree.PathOf("catalogs/enterprise.txt"),
            "--exclude", "**/Generated/**",
            "--fail-on", "warning");
        SolutionReport = ReadReport("out-solution");

        BaselineWrite = await CliRun.RunAsync(
            "scan", Tree.PathOf("Solo/Solo.csproj"),
            "--output", Out("out-b1"), "--format", "json",
            "--write-baseline", Out("baseline.json"),
            "--fail-on", "warning");

        SampleFiles.WriteSolo(Tree, moved: true);
        BaselineCompare = await CliRun.RunAsync(
            "scan", Tree.PathOf("Solo"),
            "--output", Out("out-b2"), "--format", "json", "--format", "sarif",
            "--baseline", Out("baseline.json"),
            "--fail-on", "warning", "--no-restore");
        BaselineCompareReport = ReadReport("out-b2");

        RoleOverride = await CliRun.RunAsync(
            "scan", Tree.PathOf("Solo/Solo.csproj"),
            "--output", Out("out-role"), "--format", "json",
            "--role", "Base", "--fail-on", "none", "--no-restore");
        RoleOverrideReport = ReadReport("out-role");
    }

    private ScanReport ReadReport(string directory)
    {
        var path = Path.Combine(Out(directory), "koupleless.json");
        Assert.True(File.Exists(path), $"{path} was not written");
        return JsonReportWriter.Read(File.ReadAllText(path)) ?? throw new JsonException("empty report");
    }

    public Task DisposeAsync()
    {
        Tree.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ScanCollection : ICollectionFixture<ScanFixture>
{
    public const string Name = "MSBuild scans";
}
