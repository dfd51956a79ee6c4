using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Tests.Infrastructure;
using NuGet.Frameworks;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// `koupleless packages` on a solution, a folder and each project: the same closure, each package tagged with the
/// projects and frameworks that restore it; the lib/ folder read is the one of the frameworks the projects target.
/// </summary>
public sealed class ClosureAndFrameworkTests : IDisposable
{
    private readonly TempTree _tree = new("closure");

    public void Dispose() => _tree.Dispose();

    /// <summary>Two projects with hand-written assets files: Api on net10.0, Lib on net8.0 and net10.0.</summary>
    private void WriteSolution()
    {
        _tree.Write("src/Api/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _tree.Write("src/Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _tree.Write("App.sln", """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api", "src\Api\Api.csproj", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Lib", "src\Lib\Lib.csproj", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            """);
        _tree.Write("src/Api/obj/project.assets.json", Assets(("net10.0", new[] { "Newtonsoft.Json/13.0.3", "Serilog/4.0.0" })));
        _tree.Write("src/Lib/obj/project.assets.json", Assets(
            ("net8.0", new[] { "Newtonsoft.Json/13.0.3" }),
            ("net10.0", new[] { "Newtonsoft.Json/13.0.3", "Dapper/2.1.66" })));
    }

    private static string Assets(params (string Framework, string[] Packages)[] targets)
    {
        var libraries = targets.SelectMany(t => t.Packages).Distinct().Select(p => $"\"{p}\": {{ \"type\": \"package\", \"path\": \"{p.ToLowerInvariant()}\" }}");
        var graphs = targets.Select(t => $"\"{t.Framework}\": {{ {string.Join(", ", t.Packages.Select(p => $"\"{p}\": {{ \"type\": \"package\" }}"))} }}");
        return $"{{ \"version\": 3, \"targets\": {{ {string.Join(", ", graphs)} }}, \"libraries\": {{ {string.Join(", ", libraries)} }}, \"packageFolders\": {{ \"/nonexistent/\": {{}} }} }}";
    }

    private async Task<PackagesReport> Packages(string path, string output)
    {
        var run = await CliRun.RunAsync("packages", path, "--offline", "--cache", _tree.PathOf("cache"), "--output", _tree.PathOf(output), "--format", "json");
        Assert.True(File.Exists(_tree.PathOf(output + "/koupleless-packages.json")), run.ToString());
        return PackagesJson.Read(_tree.PathOf(output + "/koupleless-packages.json"));
    }

    private static string[] Ids(PackagesReport report) => report.Packages.Select(p => p.Id + "@" + p.Version).ToArray();

    [Fact]
    public async Task A_solution_and_its_folder_scan_the_packages_of_all_its_projects_once()
    {
        WriteSolution();
        var solution = await Packages(_tree.PathOf("App.sln"), "sln");
        var folder = await Packages(_tree.Root, "folder");
        var api = await Packages(_tree.PathOf("src/Api/Api.csproj"), "api");
        var lib = await Packages(_tree.PathOf("src/Lib/Lib.csproj"), "lib");

        var union = Ids(api).Union(Ids(lib)).OrderBy(x => x, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "Dapper@2.1.66", "Newtonsoft.Json@13.0.3", "Serilog@4.0.0" }, union);
        Assert.Equal(union, Ids(solution));
        Assert.Equal(union, Ids(folder));
        Assert.Equal("net10.0, net8.0", solution.Framework);
    }

    [Fact]
    public async Task Each_package_names_the_projects_and_frameworks_that_restore_it()
    {
        WriteSolution();
        var report = await Packages(_tree.PathOf("App.sln"), "sln");
        var json = report.Packages.Single(p => p.Id == "Newtonsoft.Json");
        Assert.Equal(
            new[] { "src/Api/Api.csproj net10.0", "src/Lib/Lib.csproj net10.0", "src/Lib/Lib.csproj net8.0" },
            json.UsedBy!.Select(u => u.Project + " " + u.Framework).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal("net10.0", json.Framework);
        Assert.Equal("src/Api/Api.csproj (net10.0)", PackagesSummary.UsedBy(report.Packages.Single(p => p.Id == "Serilog")));

        var markdown = new StringWriter();
        PackagesMarkdown.Write(report, markdown);
        Assert.Contains("src/Lib/Lib.csproj (net10.0)", markdown.ToString());
    }

    [Fact]
    public async Task A_slnx_solution_is_read_too()
    {
        WriteSolution();
        _tree.Write("App.slnx", "<Solution><Folder Name=\"/src/\"><Project Path=\"src/Api/Api.csproj\" /></Folder></Solution>");
        File.Delete(_tree.PathOf("App.sln"));
        Assert.Equal(new[] { "Newtonsoft.Json@13.0.3", "Serilog@4.0.0" }, Ids(await Packages(_tree.PathOf("App.slnx"), "slnx")));
    }

    private PackageRef Crafted(string id, params string[] frameworks)
        => CraftedPackages.Restored(_tree, id, frameworks.Select(f => ($"lib/{f}/{id}.dll", CraftedPackages.SomeAssembly())).ToArray());

    private async Task<PackagesReport> Scan(NuGetFramework? framework, params PackageRef[] packages)
        => await PackageScanEngine.RunAsync(
            new PackageScanOptions { Packages = packages, Target = "t", CacheFolder = _tree.PathOf("cache"), Offline = true, Framework = framework },
            CancellationToken.None);

    [Fact]
    public async Task The_lib_folder_read_is_the_one_of_the_framework_the_projects_target()
    {
        var package = Crafted("Two.Folders", "net8.0", "net10.0") with { UsedBy = new[] { new PackageUse("App.csproj", "net10.0") } };
        Assert.Equal("lib/net10.0", (await Scan(null, package)).Packages.Single().LibFolder);
        Assert.Equal("lib/net8.0", (await Scan(NuGetFramework.Parse("net8.0"), package)).Packages.Single().LibFolder);
    }

    [Fact]
    public async Task A_package_with_nothing_for_the_framework_needs_review_with_the_reason()
    {
        var report = await Scan(NuGetFramework.Parse("net8.0"), Crafted("Only.Newer", "net10.0"));
        var package = report.Packages.Single();
        Assert.Equal(Verdicts.NeedsReview, package.Verdict);
        Assert.False(package.Complete);
        Assert.Contains(package.Problems, p => p.Contains("no lib/ folder is compatible with net8.0 (has net10.0)", StringComparison.Ordinal));
    }
}
