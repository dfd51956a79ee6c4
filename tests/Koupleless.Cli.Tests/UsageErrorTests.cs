using System.IO;
using System.Threading.Tasks;
using Koupleless.Cli;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>Bad input is rejected before MSBuild starts: exit code 2, a message naming what is wrong, no stack trace.</summary>
public sealed class UsageErrorTests : System.IDisposable
{
    private readonly TempTree _tree = new("usage");

    private async Task<CliRun> Fails(string expectedInMessage, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.True(run.ExitCode == ExitCodes.UsageError, run.ToString());
        Assert.Contains(expectedInMessage, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        return run;
    }

    [Fact]
    public Task Nonexistent_path() => Fails("does-not-exist", "scan", "does-not-exist/App.sln");

    [Fact]
    public Task Unknown_option() => Fails("--frobnicate", "scan", ".", "--frobnicate");

    [Fact]
    public Task Unknown_format() => Fails("pdf", "scan", ".", "--format", "pdf");

    [Fact]
    public Task Unknown_fail_on_level() => Fails("fatal", "scan", ".", "--fail-on", "fatal");

    [Fact]
    public Task Unknown_role() => Fails("Plugin", "scan", ".", "--role", "Plugin");

    [Fact]
    public Task Path_that_is_not_a_solution_or_project()
    {
        var file = _tree.Write("notes.txt", "hello");
        return Fails("notes.txt", "scan", file);
    }

    [Fact]
    public Task Folder_without_projects() => Fails("no solution", "scan", _tree.Root);

    [Fact]
    public Task Folder_with_two_solutions()
    {
        _tree.Write("two/A.sln", string.Empty);
        _tree.Write("two/B.slnx", "<Solution />");
        return Fails("several solutions", "scan", _tree.PathOf("two"));
    }

    [Fact]
    public Task Missing_catalog()
    {
        var project = _tree.Write("p/P.csproj", TempTree.Project());
        return Fails("missing-catalog.txt", "scan", project, "--catalog", _tree.PathOf("missing-catalog.txt"));
    }

    [Fact]
    public Task Malformed_baseline()
    {
        var project = _tree.Write("p/P.csproj", TempTree.Project());
        var baseline = _tree.Write("baseline.json", "{ not json");
        return Fails("baseline.json", "scan", project, "--baseline", baseline);
    }

    [Fact]
    public Task Missing_baseline()
    {
        var project = _tree.Write("p/P.csproj", TempTree.Project());
        return Fails("nope.json", "scan", project, "--baseline", _tree.PathOf("nope.json"));
    }

    [Fact]
    public Task Property_without_value()
    {
        var project = _tree.Write("p/P.csproj", TempTree.Project());
        return Fails("Foo", "scan", project, "--property", "Foo");
    }

    [Fact]
    public async Task Help_lists_the_scan_command_and_exits_0()
    {
        var run = await CliRun.RunAsync("--help");
        Assert.Equal(ExitCodes.Clean, run.ExitCode);
        Assert.Contains("scan", run.Stdout);
    }

    public void Dispose() => _tree.Dispose();
}
