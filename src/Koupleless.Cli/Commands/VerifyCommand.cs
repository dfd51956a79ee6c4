using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Cli.Commands.Verification;
using Koupleless.Cli.Terminal;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.GitHub;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Testing.Hosting;

namespace Koupleless.Cli.Commands;

/// <summary>
/// `koupleless verify MODULE`: runs the module twice side by side in a host process, unloads it, and reports what kept
/// it loaded (the retention path) and what it changed process-wide, in the formats of scan (docs/verify.md).
/// </summary>
public sealed class VerifyCommand : ICliCommand
{
    private readonly ReportOptions _report = new();

    private readonly Argument<string> _module = new("module") { Description = "The module: a C# project (built first, incrementally), a folder with one, or a built assembly (.dll)." };
    private readonly Option<string[]> _entry = new("--entry", "-e") { Description = "Method to run in each copy, Namespace.Type.Method (repeatable, run in order; default: the assembly's entry point).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _base = new("--base") { Description = "What the base shares with its modules: its project, output folder or an assembly (repeatable; default: the framework only).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _environment = new("--env") { Description = "Environment variable NAME=VALUE of the host process (repeatable), for a module that needs its configuration.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<int> _copies = new("--copies") { Description = "Copies of the module side by side.", DefaultValueFactory = _ => 2 };
    private readonly Option<double> _unloadWait = new("--unload-wait") { Description = "Seconds the copies are given to go after the unload, for a module that ends its own work on unload (default: 30 collections, about 0.3 s)." };
    private readonly Option<string?> _scanReport = new("--scan-report") { Description = "A koupleless.json of `scan`: its findings of the module that the run confirms are listed as notes." };
    private readonly Option<string> _configuration = new("--configuration", "-c") { Description = "Build configuration of the module and base projects.", DefaultValueFactory = _ => "Debug" };

    public Command Create()
    {
        var command = new Command("verify", "Run a module in two copies side by side, unload it, and report what kept it loaded and what it changed process-wide.");
        command.Arguments.Add(_module);
        foreach (var option in new Option[] { _entry, _base, _environment, _copies, _unloadWait, _scanReport, _configuration })
        {
            command.Options.Add(option);
        }

        _report.AddTo(command);
        command.SetAction((result, _) => Task.FromResult(Run(result)));
        return command;
    }

    private int Run(ParseResult result)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var started = DateTimeOffset.Now;
        var watch = Stopwatch.StartNew();
        VerifyRequest request;
        ScanReport? staticReport;
        try
        {
            request = BuildRequest(result);
            staticReport = result.GetValue(_scanReport) is { } scanReport ? ReadScanReport(scanReport) : null;
        }
        catch (ScanInputException e)
        {
            stderr.WriteLine($"koupleless: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"koupleless: {e.Message}");
            return ExitCodes.Incomplete;
        }

        var verified = ModuleVerification.Run(request, out var error);
        if (verified is null)
        {
            stderr.WriteLine($"koupleless: the module could not be verified: {error}");
            return ExitCodes.Incomplete;
        }

        var target = result.GetValue(_module)!;
        var report = VerifyReport.Build(target, request.ModulePath, verified, staticReport, started, watch.Elapsed);
        return WriteOutputs(result, report, verified, stdout, stderr);
    }

    /// <summary>Well inside the host's own time limit (<see cref="VerifyRequest.Timeout"/>, 5 min), which also covers loading, running and explaining.</summary>
    private const int MaxUnloadWaitSeconds = 120;

    private VerifyRequest BuildRequest(ParseResult result)
    {
        // Checked before anything is built: a bad number should not cost a build.
        var copies = result.GetValue(_copies);
        if (copies < 1)
        {
            throw new ScanInputException("--copies must be at least 1.");
        }

        var unloadWait = result.GetValue(_unloadWait);
        if (!(unloadWait >= 0 && unloadWait <= MaxUnloadWaitSeconds))
        {
            throw new ScanInputException($"--unload-wait must be between 0 and {MaxUnloadWaitSeconds} seconds.");
        }

        var environment = LoadOptions.ParsePairs(result.GetValue(_environment), "--env", "NAME=VALUE", StringComparer.Ordinal);
        var configuration = result.GetValue(_configuration) ?? "Debug";
        var module = ModuleBuild.AssemblyOf(result.GetValue(_module)!, configuration);
        var entries = result.GetValue(_entry) is { Length: > 0 } given ? given : new[] { EntryPoint(module) };
        var shared = (result.GetValue(_base) ?? Array.Empty<string>()).Select(b => ModuleBuild.SharedPathOf(b, configuration)).ToList();
        return new VerifyRequest(module, entries, shared, copies) { Environment = environment, UnloadWait = TimeSpan.FromSeconds(unloadWait) };
    }

    /// <summary>The module's Main, read from its metadata (not loaded here): a library module needs --entry.</summary>
    private static string EntryPoint(string module)
    {
        using var stream = File.OpenRead(module);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var token = pe.PEHeaders.CorHeader?.EntryPointTokenOrRelativeVirtualAddress ?? 0;
        if (token == 0 || !pe.HasMetadata)
        {
            throw new ScanInputException($"{Path.GetFileName(module)} has no entry point: name the method to run with --entry Namespace.Type.Method.");
        }

        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var method = metadata.GetMethodDefinition(System.Reflection.Metadata.Ecma335.MetadataTokens.MethodDefinitionHandle(token));
        var type = metadata.GetTypeDefinition(method.GetDeclaringType());
        var ns = metadata.GetString(type.Namespace);
        return (ns.Length > 0 ? ns + "." : "") + metadata.GetString(type.Name) + "." + metadata.GetString(method.Name);
    }

    private static ScanReport ReadScanReport(string path)
    {
        try
        {
            return JsonReportWriter.Read(File.ReadAllText(path)) ?? throw new ScanInputException($"--scan-report '{path}' holds no report.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new ScanInputException($"--scan-report '{path}' cannot be read: {e.Message}");
        }
    }

    private int WriteOutputs(ParseResult result, ScanReport report, VerifyResult verified, TextWriter stdout, TextWriter stderr)
    {
        var outputDirectory = result.GetValue(_report.Output) ?? "koupleless-report";
        IReadOnlyList<string> files;
        try
        {
            files = ReportWriters.WriteAll(report, _report.GetWriters(result), outputDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"koupleless: cannot write the reports to '{outputDirectory}': {ex.Message}");
            return ExitCodes.UsageError;
        }

        stdout.WriteLine($"Verified {verified.Copies.Count} copies in {verified.TotalMilliseconds / 1000:0.0} s: "
            + (verified.Retained.Count == 0 ? "every copy unloaded." : $"{string.Join(", ", verified.Retained)} stayed loaded (explained in {verified.Retention?.ExplainTime.TotalSeconds:0.0} s)."));
        ConsoleSummary.Write(stdout, report, files);

        if (result.GetValue(_report.GitHub))
        {
            GitHubAnnotations.Write(report, stdout, WorkflowCommand.DefaultWorkspace());
        }

        if (report.Failures.Count > 0)
        {
            foreach (var failure in report.Failures)
            {
                stderr.WriteLine($"koupleless: {failure.Message}");
            }

            return ExitCodes.Incomplete;
        }

        return ReportOptions.Fails(report, _report.GetFailOn(result)) ? ExitCodes.Findings : ExitCodes.Clean;
    }
}
