using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Cli.Tests;

/// <summary>
/// `koupleless verify` on the sample module: every KPL3xxx shape it plants is reported with the root a user acts on,
/// the process-wide values copy #1 set and copy #2 ran with are named, the static findings the run confirms are
/// listed, and the hand-fixed copy unloads with exit 0 (docs/verify.md).
/// </summary>
[Collection(SampleSolutionScan.Collection)]
public sealed class VerifyCommandTests : IClassFixture<SampleModuleVerification>
{
    private readonly SampleModuleVerification _verification;

    public VerifyCommandTests(SampleModuleVerification verification) => _verification = verification;

    [Theory]
    [InlineData("KPL3001", "static field System.Threading.TimerQueue.Instances", "Sample.Module.BackgroundServices")]
    [InlineData("KPL3002", "stack of thread 'orders-poller' in Sample.Module.BackgroundServices.PollLoop", "Sample.Module.BackgroundServices [module]")]
    [InlineData("KPL3003", "static field Sample.Shared.PlatformEvents.ConfigurationChanged", "Sample.Module.BackgroundServices.OnConfigurationChanged")]
    [InlineData("KPL3003", "static field System.AppDomain.s_domain", ".ProcessExit")]
    [InlineData("KPL3003", "static field System.Threading.Tasks.TaskScheduler.UnobservedTaskException", "Sample.Module.BackgroundServices")]
    [InlineData("KPL3004", "GC handle (strong)", "Sample.Module.BackgroundServices [module]")]
    [InlineData("KPL3005", "static field System.Diagnostics.DiagnosticListener.s_allListenerObservable", ".Subscriber Sample.Module.BackgroundServices [module]")]
    [InlineData("KPL3006", "System.Threading.CancellationTokenSource", "Sample.Module.BackgroundServices")]
    [InlineData("KPL3010", "static field System.ComponentModel.TypeDescriptor.", "typeof(Sample.Module.Order)")]
    [InlineData("KPL3010", "static field System.Text.Json.", "Sample.Module.Order")]
    [InlineData("KPL1005", "static field Newtonsoft.Json.JsonConvert.DefaultSettings", "Sample.Module.OrderModule")]
    [InlineData("KPL1003", "static field System.Console.s_out", "Sample.Module.PrefixedWriter [module]")]
    [InlineData("KPL1002", "static field Sample.Shared.TypeRegistry.Handlers", "typeof(Sample.Module.OrderHandler) [module]")]
    public void Each_way_the_sample_module_is_kept_is_an_error_naming_its_root(string ruleId, string root, string moduleEnd)
    {
        Assert.True(_verification.Original.ExitCode == ExitCodes.Findings, _verification.Original.ToString());
        var kept = _verification.OriginalReport.Findings.Where(f => f.RuleId == ruleId && f.Level == FindingLevel.Error).Select(f => f.Message).ToList();
        Assert.Contains(kept, message => message.Contains("stayed loaded after unload", System.StringComparison.Ordinal)
            && message.Contains(root, System.StringComparison.Ordinal) && message.Contains(moduleEnd, System.StringComparison.Ordinal));
    }

    [Fact]
    public void Every_way_the_sample_module_is_kept_is_one_a_rule_describes()
    {
        // A static of a module type (or of Array.Empty<ModuleType>()) lives and dies with the copy: never a path.
        Assert.DoesNotContain(_verification.OriginalReport.Findings, f => f.RuleId == "KPL3000");
    }

    [Fact]
    public void A_process_wide_value_copy_1_set_and_copy_2_ran_with_names_both()
    {
        var crossTalk = _verification.OriginalReport.Findings.Where(f => f.Level == FindingLevel.Warning).Select(f => f.Message).ToList();
        Assert.Contains("Sample.Module #1 changed environment variable ORDERS_MODE: '(unset)' → 'fast'; Sample.Module #2 ran with the value Sample.Module #1 set", crossTalk);
        Assert.Contains(_verification.OriginalReport.Findings, f => f.RuleId == "KPL1005" && f.Level == FindingLevel.Warning
            && f.Message.StartsWith("Sample.Module #1 changed library singleton Newtonsoft.Json.JsonConvert.DefaultSettings", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_static_findings_of_the_module_the_run_confirmed_are_notes()
    {
        var confirmed = _verification.OriginalReport.Notes.Where(n => n.Stage == "confirmed").ToList();
        Assert.Contains(confirmed, n => n.Code == "KPL3001" && n.Path == "Sample.Module/BackgroundServices.cs");
        Assert.Contains(confirmed, n => n.Code == "KPL3003");
        Assert.All(confirmed, n => Assert.Equal("Sample.Module", n.Project));
        Assert.DoesNotContain(confirmed, n => n.Code!.StartsWith("KPL2", System.StringComparison.Ordinal));

        // Same rules as confirmed ones, but not what the run saw: Serilog is private to each copy (Sample.Base does not
        // share it), and OrderHandler.Handle (JsonConvert.SerializeObject) is never called by the entries.
        Assert.DoesNotContain(confirmed, n => n.Message.Contains("'Log.Logger'", System.StringComparison.Ordinal));
        Assert.DoesNotContain(confirmed, n => n.Message.Contains("'JsonConvert.SerializeObject'", System.StringComparison.Ordinal));

        // OrderModule.cs:26 sets the current directory to the host's folder: no change (and nothing to confirm) when
        // the run starts there, as it does under the test host, whose folder holds Koupleless.Testing.dll too.
        var expected = new[] { 21, 24, 25, 26, 27, 34, 35, 38, 39, 40, 41 }.Select(line => $"Sample.Module/BackgroundServices.cs:{line}")
            .Concat(new[] { 25, 27, 28, 31 }.Select(line => $"Sample.Module/OrderModule.cs:{line}"));
        Assert.Equal(expected.Order(), confirmed.Select(n => n.Message.Split(' ')[2])
            .Where(location => location != "Sample.Module/OrderModule.cs:26").Order());
    }

    [Fact]
    public void The_fixed_module_unloads_and_exits_0()
    {
        Assert.True(_verification.Fixed.ExitCode == ExitCodes.Clean, _verification.Fixed.ToString());
        Assert.Empty(_verification.FixedReport.Findings);
        Assert.Contains("every copy unloaded", _verification.Fixed.Stdout, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_user_style_test_project_passes_for_the_fixed_module_and_fails_with_the_path_for_the_original()
    {
        var run = _verification.UserTests;
        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("Passed Sample.Module.Tests.OrderModuleUnloadTests.Fixed_module_unloads", run.Output, System.StringComparison.Ordinal);
        Assert.Contains("Failed Sample.Module.Tests.OrderModuleUnloadTests.Original_module_unloads", run.Output, System.StringComparison.Ordinal);
        Assert.Contains("KPL3001 timer — root: static field System.Threading.TimerQueue.Instances", run.Output, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_that_ends_the_process_leaves_the_run_incomplete()
    {
        var module = Path.Combine(SampleModuleVerification.Samples, "Sample.Module", "bin", "Debug", "net10.0", "Sample.Module.dll");
        Assert.True(File.Exists(module), _verification.Original.ToString());
        using var output = new TempTree("verify-exit");
        var baseOutput = Path.Combine(SampleModuleVerification.Samples, "Sample.Base", "bin", "Debug", "net10.0");
        var run = await CliRun.RunAsync("verify", module, "--base", baseOutput, "--entry", "Sample.Module.OrderModule.Start", "--output", output.Root);
        Assert.True(run.ExitCode == ExitCodes.Incomplete, run.ToString());
        Assert.Contains("exited with code 2 before it wrote a result", run.Stderr, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_without_entry_and_a_missing_path_are_usage_errors()
    {
        var library = await CliRun.RunAsync("verify", typeof(ScanReport).Assembly.Location);
        Assert.True(library.ExitCode == ExitCodes.UsageError, library.ToString());
        Assert.Contains("has no entry point: name the method to run with --entry", library.Stderr, System.StringComparison.Ordinal);

        foreach (var wait in new[] { "-1", "121" })
        {
            var badWait = await CliRun.RunAsync("verify", "no/such/Module.csproj", "--unload-wait", wait);
            Assert.True(badWait.ExitCode == ExitCodes.UsageError, badWait.ToString());
            Assert.Contains("--unload-wait must be between 0 and 120 seconds.", badWait.Stderr, System.StringComparison.Ordinal);
        }

        var missing = await CliRun.RunAsync("verify", "no/such/Module.csproj");
        Assert.True(missing.ExitCode == ExitCodes.UsageError, missing.ToString());
        Assert.Contains("is neither a built assembly", missing.Stderr, System.StringComparison.Ordinal);
    }
}
