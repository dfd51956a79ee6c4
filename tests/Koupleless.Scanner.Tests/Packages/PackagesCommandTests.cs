using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

public sealed class PackagesCommandTests
{
    [Fact]
    public async Task Needs_a_path_or_a_list()
    {
        var run = await CliRun.RunAsync("packages");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--list", run.Stderr);
    }

    [Fact]
    public async Task Refuses_a_bad_shard()
    {
        using var tree = new TempTree("pkgcli");
        var list = tree.Write("list.txt", "A@1.0.0");
        var run = await CliRun.RunAsync("packages", "--list", list, "--shard", "3/2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--shard '3/2'", run.Stderr);
    }

    [Fact]
    public async Task Redirected_progress_is_one_plain_line_per_package()
    {
        using var tree = new TempTree("pkgcli3");
        var list = tree.Write("list.txt", "No.Such.Package.Koupleless@1.0.0\nNo.Such.Package.Koupleless@2.0.0\n");
        var run = await CliRun.RunAsync("packages", "--list", list, "--offline", "--cache", tree.PathOf("cache"), "--output", tree.PathOf("out"), "--format", "json");
        Assert.Contains("Scanning 2 package(s)", run.Stderr);
        Assert.Contains("[1/2] No.Such.Package.Koupleless ", run.Stderr);
        Assert.Contains("[2/2] No.Such.Package.Koupleless ", run.Stderr);
        Assert.Contains("1.0.0: not scanned (package unavailable", run.Stderr);
        Assert.False(run.Stderr.Contains((char)0x1b), "no ANSI escape codes when redirected");
    }

    [Fact]
    public async Task Reports_bad_list_lines_and_unavailable_packages_and_exits_incomplete()
    {
        using var tree = new TempTree("pkgcli2");
        var list = tree.Write("list.txt", "# packages\nNo.Such.Package.Koupleless@1.0.0\nnot a package line\n");
        var run = await CliRun.RunAsync("packages", "--list", list, "--offline", "--cache", tree.PathOf("cache"), "--output", tree.PathOf("out"));
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("list.txt(3): 'not a package line' is not 'id@version'", run.Stderr);
        Assert.Contains("No.Such.Package.Koupleless 1.0.0 not scanned", run.Stderr);
        foreach (var format in PackagesReportFiles.Formats)
        {
            Assert.True(File.Exists(Path.Combine(tree.PathOf("out"), PackagesReportFiles.FileName(format))), format);
        }
    }

    [Fact]
    public async Task A_shard_keeps_only_its_packages()
    {
        using var tree = new TempTree("pkgcli3");
        var ids = Enumerable.Range(0, 12).Select(i => $"No.Such.Package{i}@1.0.0").ToArray();
        var list = tree.Write("list.txt", string.Join("\n", ids));
        var counts = 0;
        for (var shard = 1; shard <= 3; shard++)
        {
            await CliRun.RunAsync("packages", "--list", list, "--offline", "--shard", $"{shard}/3", "--format", "json", "--cache", tree.PathOf("cache"), "--output", tree.PathOf($"s{shard}"));
            var report = PackagesJson.Read(Path.Combine(tree.PathOf($"s{shard}"), "koupleless-packages.json"));
            Assert.Equal($"{shard}/3", report.Shard);
            counts += report.Packages.Count;
        }

        Assert.Equal(ids.Length, counts);
    }

    [Fact]
    public void Reads_the_closure_from_project_assets_json()
    {
        using var tree = new TempTree("pkgassets");
        tree.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        tree.Write("App/obj/project.assets.json", """
            {
              "version": 3,
              "libraries": {
                "Newtonsoft.Json/13.0.3": { "type": "package", "path": "newtonsoft.json/13.0.3" },
                "Serilog/4.0.0": { "type": "package", "path": "serilog/4.0.0" },
                "Lib/1.0.0": { "type": "project", "path": "../Lib/Lib.csproj" }
              },
              "packageFolders": { "/nonexistent/packages/": {} }
            }
            """);
        var (packages, problems, _, _) = AssetsFileClosure.Read(tree.PathOf("App/App.csproj"));
        Assert.Empty(problems);
        Assert.Equal(new[] { "Newtonsoft.Json@13.0.3", "Serilog@4.0.0" }, packages.Select(p => p.ToString()));
    }

    [Fact]
    public void Reads_a_real_assets_file_with_the_packages_folder()
    {
        // This test project's own restore output: a real assets file written by the SDK.
        var assets = Path.GetFullPath(Path.Combine(System.AppContext.BaseDirectory, "..", "..", "..", "obj", "project.assets.json"));
        Assert.True(File.Exists(assets), assets);
        var file = Koupleless.Scanner.Loading.AssetsFile.Read(assets);
        var packages = file.Packages;
        var xunit = Assert.Single(packages, p => p.Id == "xunit.core");
        Assert.NotNull(xunit.Folder);
        Assert.True(Directory.Exists(xunit.Folder));
        Assert.Equal(new[] { "net10.0" }, file.Frameworks);
        Assert.Equal(new[] { "net10.0" }, xunit.Frameworks);
        Assert.DoesNotContain(packages, p => p.Id.StartsWith("Koupleless", System.StringComparison.Ordinal)); // project references are not packages
    }

    [Fact]
    public void A_project_that_was_not_restored_is_named()
    {
        using var tree = new TempTree("pkgassets2");
        tree.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var (packages, problems, _, _) = AssetsFileClosure.Read(tree.PathOf("App"));
        Assert.Empty(packages);
        Assert.Contains(problems, p => p.Contains("run 'dotnet restore' first", System.StringComparison.Ordinal));
    }
}
