using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Cli;
using Koupleless.Cli.Commands;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Engine;

/// <summary>
/// A real multi-targeted library whose &lt;TargetFrameworks&gt; starts with an empty property and whose restore warns
/// (NU1603: the referenced version is not on the feed, a higher one was resolved), plus a project that logs a
/// &lt;Warning&gt; in a design-time target. MSBuildWorkspace reports both warnings as load failures; the scan must
/// still be complete (exit 0), list them as notes, and not list the framework-less copy of the library.
/// </summary>
public sealed class LoadNotesTests : IClassFixture<LoadNotesTests.Run>
{
    private readonly Run _run;

    public LoadNotesTests(Run run) => _run = run;

    [Fact]
    public void Load_warnings_are_notes_and_the_scan_is_complete()
    {
        Assert.True(_run.Cli.ExitCode == ExitCodes.Clean, _run.Cli.ToString());
        Assert.Empty(_run.Report.Failures);
        var restore = Assert.Single(_run.Report.Notes, n => n.Code == "NU1603");
        Assert.Equal("Lib", restore.Project);
        Assert.Contains("Koupleless.Fixture.Dep 1.0.1 was resolved instead", restore.Message);
        Assert.Contains(_run.Report.Notes, n => n.Project == "Warns" && n.Message.Contains("a warning logged while loading"));
        Assert.Contains("note [load] Lib: NU1603", _run.Cli.Stdout);
    }

    [Fact]
    public void The_findings_still_fail_the_run_at_their_level()
        => Assert.True(ReportOptions.Fails(_run.Report, FindingLevel.Warning), "KPL1003 in Lib is a warning: --fail-on warning exits 1");

    [Fact]
    public void An_empty_target_framework_entry_adds_no_phantom_project()
    {
        var lib = Assert.Single(_run.Report.Projects, p => p.Path == "Lib/Lib.csproj");
        Assert.Equal("Lib(net10.0)", lib.Name);
        Assert.Equal(ProjectStatus.Analyzed, lib.Status);
        Assert.Contains(_run.Report.Findings, f => f.Project == "Lib(net10.0)" && f.RuleId == "KPL1003");
        Assert.Contains(_run.Report.Notes, n => n.Project == "Lib" && n.Message.Contains("empty entry in <TargetFrameworks>"));
    }

    [Fact]
    public void Notes_are_shown_in_every_report()
    {
        Assert.Contains("### Load notes", File.ReadAllText(_run.Tree.PathOf("out/koupleless.md")));
        Assert.Contains("<h2>Load notes</h2>", File.ReadAllText(_run.Tree.PathOf("out/koupleless.html")));
        var sarif = File.ReadAllText(_run.Tree.PathOf("out/koupleless.sarif"));
        Assert.Contains("NU1603", sarif);
        Assert.Contains("\"executionSuccessful\": true", sarif);
    }

    public sealed class Run : IAsyncLifetime
    {
        public TempTree Tree { get; } = new("loadnotes");

        public CliRun Cli { get; private set; } = null!;

        public ScanReport Report { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var feed = new LocalFeed(Tree);
            feed.Add("Koupleless.Fixture.Dep", "1.0.1", ("lib/netstandard2.0/_._", System.Array.Empty<byte>()));
            Tree.Write("Fixture.slnx", """
                <Solution>
                  <Project Path="Lib/Lib.csproj" />
                  <Project Path="Warns/Warns.csproj" />
                </Solution>
                """);
            Tree.Write("Lib/Lib.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>$(ExtraTargetFrameworks);net10.0</TargetFrameworks>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Koupleless.Fixture.Dep" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """);
            Tree.Write("Lib/Code.cs", "namespace Lib; public static class Code { public static void Run() => System.Environment.SetEnvironmentVariable(\"A\", \"1\"); }");
            Tree.Write("Warns/Warns.csproj", TempTree.Project(extra: """
                <Target Name="WarnWhileLoading" BeforeTargets="CoreCompile"><Warning Code="KPLTEST1" Text="a warning logged while loading" /></Target>
                """));
            Tree.Write("Warns/Code.cs", "namespace Warns; public static class Code { }");

            Cli = await CliRun.RunAsync("scan", Tree.PathOf("Fixture.slnx"), "--output", Tree.PathOf("out"));
            var json = Tree.PathOf("out/koupleless.json");
            Assert.True(File.Exists(json), Cli.ToString());
            Report = JsonReportWriter.Read(File.ReadAllText(json))!;
        }

        public Task DisposeAsync()
        {
            Tree.Dispose();
            return Task.CompletedTask;
        }
    }
}
