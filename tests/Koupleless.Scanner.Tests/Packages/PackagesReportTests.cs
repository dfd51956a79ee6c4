using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Koupleless.Scanner.Packages.Adapters;
using Koupleless.Scanner.Packages.Merge;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Reporting.Sarif;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

public sealed class PackagesReportTests
{
    internal static PackagesReport Sample(params string[] ids)
    {
        var report = new PackagesReport { Target = "list.txt" };
        foreach (var id in ids)
        {
            var package = new PackageResult { Id = id, Version = "1.0.0", Scanned = true, LibFolder = "lib/net8.0" };
            package.Assemblies.Add(new ScannedAssembly("lib/net8.0/" + id + ".dll", 1000, 400, 10));
            package.Findings.Add(new PackageFinding("KPL1001", "static-state", "static field '<script>alert(1)</script>' is not readonly", "lib/net8.0/" + id + ".dll", id + ".Config", "Current", 12, "F:" + id + ".Config.Current", "load per module"));
            VerdictRules.Apply(package, System.Array.Empty<AdapterEntry>());
            report.Packages.Add(package);
        }

        report.Statistics.Packages = ids.Length;
        return report;
    }

    private static string Render(PackagesReport report, string format)
    {
        using var writer = new StringWriter();
        PackagesReportFiles.Render(report, format, writer);
        return writer.ToString();
    }

    [Fact]
    public void Html_is_self_contained_escaped_and_charts_the_verdicts()
    {
        var html = Render(Sample("Acme.One", "Acme.Two"), "html");
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Packages by verdict", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty));
    }

    [Fact]
    public void Markdown_leads_with_the_summary_and_escapes_text()
    {
        var md = Render(Sample("Acme.One"), "md");
        Assert.Contains("**Block sharing: load per module** (1)", md);
        Assert.Contains("Acme.One 1.0.0", md);
        Assert.DoesNotContain("<script>", md);
    }

    [Fact]
    public void Sarif_points_at_the_assembly_inside_the_package()
    {
        var log = JsonDocument.Parse(Render(Sample("Acme.One"), "sarif")).RootElement;
        var result = log.GetProperty("runs")[0].GetProperty("results")[0];
        var location = result.GetProperty("locations")[0];
        Assert.Equal("acme.one/1.0.0/lib/net8.0/Acme.One.dll", location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(PackagesSarif.UriBaseId, location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal("Acme.One.Config.Current", location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
        Assert.Equal(12, result.GetProperty("properties").GetProperty("ilOffset").GetInt32());
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
    }

    [Fact]
    public void Every_format_shows_the_decompiled_code_a_finding_was_judged_on()
    {
        var report = Sample("Acme.One");
        var finding = report.Packages[0].Findings[0] with
        {
            Role = "Shared",
            Snippet = new[] { "    public static Config Current;", "    public static void Set(Config c) => Current = c;", "    }" },
            SnippetStartLine = 41,
            DecompiledLine = 42,
        };
        report.Packages[0].Findings[0] = finding;

        var html = Render(report, "html");
        Assert.Contains("<pre class=\"code\">", html);
        Assert.Contains("<span class=\"ln hit\"><i>42</i>public static void Set(Config c) =&gt; Current = c;</span>", html);
        Assert.Contains("42: public static void Set(Config c) =&gt; Current = c;", Render(report, "md"));
        var properties = JsonDocument.Parse(Render(report, "sarif")).RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties");
        Assert.Equal(42, properties.GetProperty("decompiledLine").GetInt32());
        Assert.Equal("Shared", properties.GetProperty("role").GetString());
        Assert.StartsWith("    public static Config Current;\n", properties.GetProperty("decompiledSnippet").GetString());
    }

    [Fact]
    public void Json_round_trips_with_its_schema_name()
    {
        using var tree = new TempTree("pkgjson");
        var path = tree.Write("r.json", Render(Sample("Acme.One"), "json"));
        var read = PackagesJson.Read(path);
        Assert.Equal("koupleless-packages/v1", read.Schema);
        Assert.Equal("Current", read.Packages.Single().Findings.Single().Member);
        Assert.Equal(Verdicts.NeedsReview, read.Packages.Single().Verdict);
        Assert.Throws<InvalidDataException>(() => PackagesJson.Read(tree.Write("bad.json", "{\"schema\":\"other\"}")));
        Assert.Throws<InvalidDataException>(() => PackagesJson.Read(tree.Write("worse.json", "not json")));
    }

    [Fact]
    public void Merging_shard_reports_gives_back_every_package_once()
    {
        var merged = PackagesReportMerger.MergeJson(new[] { Sample("A", "B"), Sample("C"), Sample("B") });
        Assert.Equal(new[] { "A", "B", "C" }, merged.Packages.Select(p => p.Id));
        Assert.Equal(3, merged.Statistics.Packages);
    }

    [Fact]
    public void Merging_sarif_unions_rules_and_removes_duplicate_results()
    {
        var merged = PackagesReportMerger.MergeSarif(new[] { PackagesSarif.Build(Sample("A", "B")), PackagesSarif.Build(Sample("B", "C")) });
        var run = Assert.Single(merged.Runs);
        Assert.Equal(3, run.Results.Count);
        Assert.Single(run.Tool.Driver.Rules);
        Assert.All(run.Results, r => Assert.Equal(0, r.RuleIndex));
    }

    [Fact]
    public async Task Merge_command_combines_shard_folders()
    {
        using var tree = new TempTree("pkgmerge");
        PackagesReportFiles.WriteAll(Sample("A", "B"), new[] { "json", "sarif" }, tree.PathOf("shard1"));
        PackagesReportFiles.WriteAll(Sample("C"), new[] { "json", "sarif" }, tree.PathOf("shard2"));
        var run = await CliRun.RunAsync("merge", tree.PathOf("shard1"), tree.PathOf("shard2"), "--output", tree.PathOf("merged"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, PackagesJson.Read(tree.PathOf("merged/koupleless-packages.json")).Packages.Count);
        var sarif = PackagesReportMerger.ReadSarif(tree.PathOf("merged/koupleless-packages.sarif"));
        Assert.Equal(3, sarif.Runs.Single().Results.Count);
        Assert.True(File.Exists(tree.PathOf("merged/koupleless-packages.html")));
    }

    private static PackagesReport Shard(string shard, string framework, params string[] ids)
        => new() { Target = "App.sln", Shard = shard, Framework = framework, Packages = Sample(ids).Packages };

    private static async Task<CliRun> Merge(TempTree tree, params PackagesReport[] shards)
    {
        var folders = shards.Select((report, i) =>
        {
            PackagesReportFiles.WriteAll(report, new[] { "json" }, tree.PathOf($"shard{i}"));
            return tree.PathOf($"shard{i}");
        });
        return await CliRun.RunAsync(new[] { "merge" }.Concat(folders).Concat(new[] { "--output", tree.PathOf("merged"), "--format", "json" }).ToArray());
    }

    [Fact]
    public async Task Merge_fails_on_incompatible_packages_by_default_as_packages_does()
    {
        using var tree = new TempTree("pkgmerge3");
        var incompatible = Shard("2/2", "net10.0", "B");
        incompatible.Packages[0].Findings.Add(new PackageFinding("KPL1004", "static-state", "ends the process", "lib/net8.0/B.dll", "B.Exit", "Now", 1, null, null));
        VerdictRules.Apply(incompatible.Packages[0], System.Array.Empty<AdapterEntry>());
        Assert.Equal(Verdicts.Incompatible, incompatible.Packages[0].Verdict);

        var run = await Merge(tree, Shard("1/2", "net10.0", "A"), incompatible);
        Assert.True(run.ExitCode == 1, run.ToString());
    }

    [Fact]
    public async Task Merge_names_missing_shards_and_exits_incomplete()
    {
        using var tree = new TempTree("pkgmerge4");
        var run = await Merge(tree, Shard("1/3", "net10.0", "A"), Shard("3/3", "net10.0", "C"));
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("shard 2/3 is missing", run.Stderr);
        Assert.Contains(PackagesJson.Read(tree.PathOf("merged/koupleless-packages.json")).TableProblems, p => p.StartsWith("shard 2/3 is missing", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1/2", "net8.0", "2/2", "net10.0", "different frameworks (net8.0 in")]
    [InlineData("1/2", "net10.0", "2/3", "net10.0", "different shardings")]
    [InlineData("1/2", "net10.0", null, "net10.0", "is the report of a whole run")]
    public async Task Merge_refuses_reports_of_different_runs(string shard1, string framework1, string? shard2, string framework2, string message)
    {
        using var tree = new TempTree("pkgmerge5");
        var run = await Merge(tree, Shard(shard1, framework1, "A"), Shard(shard2!, framework2, "B"));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Merge_command_names_a_bad_input()
    {
        using var tree = new TempTree("pkgmerge2");
        var bad = tree.Write("koupleless-packages.json", "{}");
        var run = await CliRun.RunAsync("merge", bad, "--output", tree.PathOf("out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a 'koupleless-packages/v1' report", run.Stderr);
    }
}
