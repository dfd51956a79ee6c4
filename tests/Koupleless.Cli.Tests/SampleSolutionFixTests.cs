using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Koupleless.Scanner.Fixing;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// `koupleless fix` on a fresh copy of the sample solution (issue 18, "Done when"): at least half of the Koupleless
/// findings go, the fixed code still compiles (a scan of the copy afterwards finds no compile error), only .cs files
/// change, and --dry-run changes nothing but prints the diff.
/// </summary>
public sealed class SampleSolutionFixTests
{
    private static string SamplesFolder => Path.Combine(SampleSolutionScan.RepositoryRoot, "tests", "Samples");

    /// <summary>The copy lives outside the repository: the samples find the analyzer projects through this property.</summary>
    private static string AnalyzersRoot => "KouplelessAnalyzersRoot=" + Path.Combine(SampleSolutionScan.RepositoryRoot, "src") + Path.DirectorySeparatorChar;

    /// <param name="withAdapters">The copy's projects reference Koupleless.Adapters and Koupleless.Adapters.NewtonsoftJson, so the fixes call into them instead of adding helpers.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fix_removes_at_least_half_of_the_findings_keeps_the_solution_compiling_and_writes_only_source_files(bool withAdapters)
    {
        using var copy = new TempTree("sample-fix");
        SampleCopy.CopySources(SamplesFolder, copy.Root);
        if (withAdapters)
        {
            SampleCopy.ReferenceProject(copy.Root, Path.Combine(SampleSolutionScan.RepositoryRoot, "src", "Koupleless.Adapters", "Koupleless.Adapters.csproj"));
            SampleCopy.ReferenceProject(copy.Root, Path.Combine(SampleSolutionScan.RepositoryRoot, "src", "Koupleless.Adapters.NewtonsoftJson", "Koupleless.Adapters.NewtonsoftJson.csproj"));
        }

        var before = Hashes(copy.Root);
        var solution = Path.Combine(copy.Root, "Koupleless.Samples.sln");

        var fix = await CliRun.RunAsync("fix", solution, "--property", AnalyzersRoot);

        Assert.True(fix.ExitCode == ExitCodes.Clean, fix.ToString());
        var counts = Regex.Match(fix.Stdout, @"findings (\d+) before, (\d+) after");
        Assert.True(counts.Success, fix.ToString());
        var (findingsBefore, findingsAfter) = (int.Parse(counts.Groups[1].Value), int.Parse(counts.Groups[2].Value));
        Assert.True(findingsAfter * 2 <= findingsBefore, fix.ToString());

        var after = Hashes(copy.Root);
        var changed = before.Keys.Where(f => after.TryGetValue(f, out var hash) && hash != before[f]).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, f => Assert.EndsWith(".cs", f, StringComparison.Ordinal));
        Assert.DoesNotContain(after.Keys.Except(before.Keys), f => !IsBuildOutput(f));
        Assert.Contains("Sample.Module/OrderModule.cs", changed);

        // An independent look at the result: a scan of the fixed copy compiles every project and agrees on the count.
        using var output = new TempTree("sample-fix-scan");
        var scan = await CliRun.RunAsync("scan", solution, "--property", AnalyzersRoot, "--output", output.Root, "--format", "json");
        var report = JsonReportWriter.Read(File.ReadAllText(Path.Combine(output.Root, "koupleless.json")))!;
        Assert.True(report.Failures.Count == 0, scan.ToString());
        Assert.All(report.Projects, p => Assert.Equal(ProjectStatus.Analyzed, p.Status));
        Assert.Equal(findingsAfter, report.Findings.Count(f => f.IsActive));
    }

    [Fact]
    public async Task Dry_run_writes_no_file_and_prints_a_unified_diff()
    {
        using var copy = new TempTree("sample-fix-dry");
        SampleCopy.CopySources(SamplesFolder, copy.Root);
        var before = Hashes(copy.Root);

        using var reportFolder = new TempTree("sample-fix-report");
        var reportPath = Path.Combine(reportFolder.Root, "ci", "fix.json");

        var fix = await CliRun.RunAsync("fix", Path.Combine(copy.Root, "Koupleless.Samples.sln"), "--property", AnalyzersRoot, "--dry-run", "--diagnostics", "KPL3003", "--report", reportPath);

        Assert.True(fix.ExitCode == ExitCodes.Clean, fix.ToString());
        var after = Hashes(copy.Root);
        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
        Assert.Contains("--- a/Sample.Module/BackgroundServices.cs", fix.Stdout, StringComparison.Ordinal);
        Assert.Contains("+++ b/Sample.Module/BackgroundServices.cs", fix.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^@@ -\d+,\d+ \+\d+,\d+ @@", fix.Stdout);
        Assert.Matches(@"(?m)^\+.*Unloading \+=", fix.Stdout);

        // --diagnostics: only KPL3003 was fixed.
        Assert.Matches(@"fixed +KPL3003", fix.Stderr);
        Assert.DoesNotMatch(@"fixed +KPL(?!3003)", fix.Stderr);

        // --report: the same run as JSON, agreeing with the summary and the diff.
        var report = FixReport.Read(File.ReadAllText(reportPath))!;
        var counts = Regex.Match(fix.Stderr, @"findings (\d+) before, (\d+) after");
        Assert.True(counts.Success, fix.ToString());
        Assert.True(report.DryRun);
        Assert.Equal(int.Parse(counts.Groups[1].Value), report.FindingsBefore);
        Assert.Equal(int.Parse(counts.Groups[2].Value), report.FindingsAfter);
        Assert.Equal(new[] { "KPL3003" }, report.FixedPerRule.Keys);
        Assert.True(report.FixedPerRule["KPL3003"] > 0);
        Assert.Contains(report.Files, f => f.Path == "Sample.Module/BackgroundServices.cs" && !f.Added);
        Assert.All(report.Files, f => Assert.Contains("+++ b/" + f.Path, fix.Stdout, StringComparison.Ordinal));
    }

    /// <summary>A report that cannot be written is named, and the run is incomplete (the fixes themselves are done).</summary>
    [Fact]
    public async Task A_report_path_that_cannot_be_written_is_named_and_the_run_is_incomplete()
    {
        using var project = new TempTree("fix-report-blocked");
        project.Write("App/App.csproj", TempTree.Project());
        project.Write("App/Clock.cs", "public static class Clock { public static int Now => 1; }");
        var blocker = project.Write("blocker", "a file, so no folder can be made under it");

        var fix = await CliRun.RunAsync("fix", project.PathOf("App/App.csproj"), "--report", Path.Combine(blocker, "fix.json"));

        Assert.Equal(ExitCodes.Incomplete, fix.ExitCode);
        Assert.Contains("could not write the report", fix.Stderr, StringComparison.Ordinal);
        Assert.Contains("fix.json", fix.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_rule_in_diagnostics_is_a_usage_error()
    {
        var fix = await CliRun.RunAsync("fix", SamplesFolder, "--diagnostics", "KPL1001,XYZ0001");

        Assert.Equal(ExitCodes.UsageError, fix.ExitCode);
        Assert.Contains("XYZ0001", fix.Stderr, StringComparison.Ordinal);
    }

    private static bool IsBuildOutput(string relative) => relative.Split('/').Any(p => p is "bin" or "obj");

    private static Dictionary<string, string> Hashes(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
        .Where(f => !IsBuildOutput(f))
        .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, f)))), StringComparer.Ordinal);
}
