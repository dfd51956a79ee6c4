using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// `scan --emit-catalog`: a scan of the base's shared library writes its serializer helpers as KPL3010 lines, and a
/// scan of a module with that catalog reports the module's call that hands the helper its own type (and not a call
/// with a framework type). Measured on ArchiSteamFarm's plugins: docs/precision.md.
/// </summary>
public sealed class ModuleCatalogExportTests
{
    private const string Helpers = """
        using System.Text.Json;

        namespace Base.Json;

        public static class JsonHelpers
        {
            public static T? FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json);
        }
        """;

    private const string Plugin = """
        namespace Plugin;

        public sealed class Order { public int Id { get; set; } }

        public static class Orders
        {
            public static Order? Read(string json) => Base.Json.JsonHelpers.FromJson<Order>(json);

            public static int[]? Numbers(string json) => Base.Json.JsonHelpers.FromJson<int[]>(json);
        }
        """;

    [Fact]
    public async Task A_catalog_written_from_the_shared_scan_reports_the_modules_call()
    {
        using var tree = new TempTree("emit-catalog");
        tree.Write("SharedLib/SharedLib.csproj", TempTree.Project(role: "Shared"));
        tree.Write("SharedLib/JsonHelpers.cs", Helpers);
        tree.Write("Plugin/Plugin.csproj", TempTree.Project(extra: """<ItemGroup><ProjectReference Include="../SharedLib/SharedLib.csproj" /></ItemGroup>"""));
        tree.Write("Plugin/Orders.cs", Plugin);
        var catalog = tree.PathOf("out/KouplelessHazards.Base.txt");

        var shared = await CliRun.RunAsync("scan", tree.PathOf("SharedLib/SharedLib.csproj"), "--output", tree.PathOf("shared-report"), "--emit-catalog", catalog);

        Assert.True(File.Exists(catalog), shared.ToString());
        var lines = File.ReadAllLines(catalog).Where(l => !l.StartsWith('#')).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("KPL3010 | M:Base.Json.JsonHelpers.FromJson``1(System.String) | System.Text.Json's reflection metadata cache", line, StringComparison.Ordinal);

        await CliRun.RunAsync("scan", tree.PathOf("Plugin/Plugin.csproj"), "--output", tree.PathOf("plugin-report"), "--format", "json", "--catalog", catalog);

        var report = JsonReportWriter.Read(File.ReadAllText(tree.PathOf("plugin-report/koupleless.json")))!;
        var finding = Assert.Single(report.Findings, f => f.RuleId == "KPL3010" && f.Path!.EndsWith("Orders.cs", StringComparison.Ordinal));
        Assert.Equal(7, finding.Line);
        Assert.Contains("'Order'", finding.Message, StringComparison.Ordinal);
    }
}
