using System.Linq;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// Packages a shared framework replaces (the reference pack's PackageOverrides.txt) are never deployed with the app:
/// they are not judged, and their verdict says which framework provides them.
/// </summary>
public sealed class FrameworkProvidedPackagesTests
{
    private const string Overrides = """
        Microsoft.Extensions.Caching.Memory|8.0.0
        Microsoft.Extensions.Primitives|8.0.0
        """;

    [Fact]
    public void A_package_at_or_below_the_frameworks_version_is_provided_by_it_in_a_web_project()
    {
        using var tree = Tree("fwprovided");
        tree.Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        tree.Write("Web/obj/project.assets.json", Assets(tree, aspNetCore: true));

        var closure = AssetsFileClosure.Read(tree.PathOf("Web/Web.csproj"));

        Assert.Empty(closure.Problems);
        Assert.Equal("Microsoft.AspNetCore.App 8.0.31", Package(closure, "Microsoft.Extensions.Primitives").ProvidedByFramework);
        Assert.Null(Package(closure, "Microsoft.Extensions.Caching.Memory").ProvidedByFramework); // 8.0.1 is newer than the framework's 8.0.0
        Assert.Null(Package(closure, "Serilog").ProvidedByFramework);
    }

    [Fact]
    public void A_project_without_the_framework_deploys_the_package()
    {
        using var tree = Tree("fwprovided2");
        tree.Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        tree.Write("Web/obj/project.assets.json", Assets(tree, aspNetCore: true));
        tree.Write("Tool/Tool.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        tree.Write("Tool/obj/project.assets.json", Assets(tree, aspNetCore: false));
        tree.Write("App.sln", Solution("Web/Web.csproj", "Tool/Tool.csproj"));

        var closure = AssetsFileClosure.Read(tree.PathOf("App.sln"));

        var primitives = Package(closure, "Microsoft.Extensions.Primitives");
        Assert.Null(primitives.ProvidedByFramework);
        Assert.Equal("Microsoft.AspNetCore.App 8.0.31", Assert.Single(primitives.UsedBy, u => u.Project.StartsWith("Web", System.StringComparison.Ordinal)).ProvidedBy);
    }

    [Fact]
    public void A_malformed_overrides_line_is_named_with_file_and_line_and_the_rest_still_applies()
    {
        using var tree = Tree("fwprovided3", Overrides + "\nnot a line\n");
        tree.Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        tree.Write("Web/obj/project.assets.json", Assets(tree, aspNetCore: true));

        var closure = AssetsFileClosure.Read(tree.PathOf("Web/Web.csproj"));

        var problem = Assert.Single(closure.Problems);
        Assert.Contains("PackageOverrides.txt(3)", problem, System.StringComparison.Ordinal);
        Assert.NotNull(Package(closure, "Microsoft.Extensions.Primitives").ProvidedByFramework);
    }

    [Fact]
    public void A_provided_package_is_compatible_and_shared_from_the_framework_without_being_judged()
    {
        var result = new PackageResult { Id = "Microsoft.Extensions.Primitives", Version = "8.0.0", ProvidedBy = "Microsoft.AspNetCore.App 8.0.31", Scanned = true };

        VerdictRules.Apply(result, System.Array.Empty<Koupleless.Scanner.Packages.Adapters.AdapterEntry>());

        Assert.Equal(Verdicts.Compatible, result.Verdict);
        Assert.Equal(Placements.Shared, result.Placement);
        var report = new PackagesReport { Packages = { result } };
        var groups = Koupleless.Scanner.Packages.Reporting.PackagesSummary.Groups(report).Where(g => g.Packages.Contains(result)).Select(g => g.Title);
        Assert.Equal(new[] { "Provided by the shared framework" }, groups);
    }

    private static TempTree Tree(string name, string overrides = Overrides)
    {
        var tree = new TempTree(name);
        tree.Write("packages/microsoft.aspnetcore.app.ref/8.0.31/data/PackageOverrides.txt", overrides);
        return tree;
    }

    private static PackageRef Package(PackageClosure closure, string id) => Assert.Single(closure.Packages, p => p.Id == id);

    private static string Solution(params string[] projects)
        => "Microsoft Visual Studio Solution File, Format Version 12.00\n" + string.Concat(projects.Select((p, i) =>
            $"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"P{i}\", \"{p}\", \"{{00000000-0000-0000-0000-00000000000{i}}}\"\nEndProject\n"));

    private static string Assets(TempTree tree, bool aspNetCore)
    {
        var folder = tree.PathOf("packages").Replace("\\", "\\\\") + "/";
        var frameworkReferences = aspNetCore
            ? """ "frameworkReferences": { "Microsoft.AspNetCore.App": { "privateAssets": "none" }, "Microsoft.NETCore.App": { "privateAssets": "all" } }, """
            : """ "frameworkReferences": { "Microsoft.NETCore.App": { "privateAssets": "all" } }, """;
        return $$"""
            {
              "version": 3,
              "targets": { "net8.0": {
                "Microsoft.Extensions.Primitives/8.0.0": { "type": "package" },
                "Microsoft.Extensions.Caching.Memory/8.0.1": { "type": "package" },
                "Serilog/4.0.0": { "type": "package" } } },
              "libraries": {
                "Microsoft.Extensions.Primitives/8.0.0": { "type": "package", "path": "microsoft.extensions.primitives/8.0.0" },
                "Microsoft.Extensions.Caching.Memory/8.0.1": { "type": "package", "path": "microsoft.extensions.caching.memory/8.0.1" },
                "Serilog/4.0.0": { "type": "package", "path": "serilog/4.0.0" }
              },
              "packageFolders": { "{{folder}}": {} },
              "project": { "frameworks": { "net8.0": {
                "targetAlias": "net8.0",
                {{frameworkReferences}}
                "downloadDependencies": [ { "name": "Microsoft.AspNetCore.App.Ref", "version": "[8.0.31, 8.0.31]" } ]
              } } }
            }
            """;
    }
}
