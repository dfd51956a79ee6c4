using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// README's first command, `koupleless scan tests/Samples/Koupleless.Samples.sln`, on the sample solution in the
/// repository: it succeeds, covers exactly the solution's three projects in their roles, finds hazards of every
/// family where the samples plant them, and writes the four reports (the scan runs once for the whole class).
/// </summary>
[Collection(SampleSolutionScan.Collection)]
public sealed class SampleSolutionScanTests
{
    private readonly CliRun _run;

    private readonly ScanReport _report;

    private readonly string _folder;

    public SampleSolutionScanTests(SampleSolutionScan scan)
    {
        _run = scan.Run;
        _report = scan.Report;
        _folder = scan.Output.Root;
    }

    [Fact]
    public void Succeeds_with_the_default_fail_on_level_and_writes_every_format()
    {
        // Every sample finding is a warning and --fail-on defaults to error.
        Assert.True(_run.ExitCode == ExitCodes.Clean, _run.ToString());
        Assert.Empty(_report.Failures);
        foreach (var file in new[] { "koupleless.sarif", "koupleless.json", "koupleless.md", "koupleless.html" })
        {
            Assert.True(new FileInfo(Path.Combine(_folder, file)).Length > 0, file);
        }
    }

    [Fact]
    public void Covers_the_solution_projects_in_their_roles_and_not_the_analyzer_projects_they_reference()
    {
        var projects = _report.Projects.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}:{p.Role}:{p.Status}");
        Assert.Equal(new[] { "Sample.Base:Base:Analyzed", "Sample.Module:Module:Analyzed", "Sample.Shared:Shared:Analyzed" }, projects);
    }

    /// <summary>
    /// A message names the problem and then says what to do (README, "Every diagnostic"): its last clause, after the
    /// last ';' or ':', starts with an instruction. The KPL3001–KPL3005 messages and the module KPL3010 one used to end
    /// on the consequence ("... keeps the module's AssemblyLoadContext alive").
    /// </summary>
    [Fact]
    public void Every_finding_of_the_sample_ends_with_what_to_do()
    {
        string[] instructions =
        {
            "use", "dispose", "remove", "free", "release", "pass", "keep", "end", "declare", "serialize", "let", "validate",
            "set", "load", "resolve", "raise", "instead", "enumerate", "read", "tune", "throw", "move",
        };
        var rules = _report.Findings.Where(f => f.RuleId.StartsWith("KPL", System.StringComparison.Ordinal) && !f.RuleId.StartsWith("KPL9", System.StringComparison.Ordinal))
            .GroupBy(f => f.RuleId)
            .ToList();
        Assert.True(rules.Count >= 15, "the sample reports most rules: " + string.Join(", ", rules.Select(r => r.Key)));
        foreach (var rule in rules)
        {
            foreach (var finding in rule)
            {
                var lastClause = finding.Message[(finding.Message.LastIndexOfAny(new[] { ';', ':' }) + 1)..].Trim();
                var firstWord = lastClause.Split(' ', ',')[0].ToLowerInvariant();
                Assert.True(instructions.Contains(firstWord), $"{rule.Key} does not end with what to do: {finding.Message}");
            }
        }
    }

    [Theory]
    [InlineData("KPL1001", "Sample.Shared/TypeRegistry.cs")]
    [InlineData("KPL1003", "Sample.Base/Program.cs")]
    [InlineData("KPL1004", "Sample.Module/OrderModule.cs")]
    [InlineData("KPL2001", "Sample.Base/ModuleHost.cs")]
    [InlineData("KPL2002", "Sample.Module/PluginLoader.cs")]
    [InlineData("KPL2006", "Sample.Shared/JsonDefaults.cs")]
    [InlineData("KPL3001", "Sample.Module/BackgroundServices.cs")]
    [InlineData("KPL3003", "Sample.Module/BackgroundServices.cs")]
    public void Finds_the_planted_hazard(string ruleId, string path)
        => Assert.Contains(_report.Findings, f => f.RuleId == ruleId && f.Path == path && f.IsActive);

    [Fact]
    public void Respects_roles_module_only_rules_stay_out_of_the_base()
    {
        Assert.DoesNotContain(_report.Findings, f => f.Project == "Sample.Base" && f.RuleId is "KPL1004" or "KPL2002" or "KPL3001");
        Assert.DoesNotContain(_report.Findings, f => f.Project == "Sample.Module" && f.RuleId is "KPL1001" or "KPL1002");
    }
}
