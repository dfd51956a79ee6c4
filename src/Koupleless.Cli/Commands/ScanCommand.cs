using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Cli.Terminal;
using Koupleless.Scanner.Baselines;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.GitHub;

namespace Koupleless.Cli.Commands;

/// <summary>`koupleless scan PATH`: runs the Koupleless analyzers over a solution, project or folder.</summary>
public sealed class ScanCommand : ICliCommand
{
    private readonly LoadOptions _load = new();

    private readonly ReportOptions _report = new();

    private readonly Option<string?> _baseline = new("--baseline") { Description = "Baseline file: its findings are reported as unchanged and do not fail the run." };
    private readonly Option<string?> _writeBaseline = new("--write-baseline") { Description = "Write the current findings as a baseline file." };
    private readonly Option<string?> _emitCatalog = new("--emit-catalog") { Description = "Write a hazard catalog for the modules: the shared members that hand modules' types to process-wide caches (KPL3010 in Shared/Base code)." };

    public Command Create()
    {
        var command = new Command("scan", "Scan a solution, project or folder and write SARIF, JSON, Markdown and HTML reports.");
        _load.AddTo(command);
        _report.AddTo(command);
        command.Options.Add(_baseline);
        command.Options.Add(_writeBaseline);
        command.Options.Add(_emitCatalog);

        command.SetAction((result, ct) => RunAsync(result, ct));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var verbose = result.GetValue(_report.Verbose);
        ScanOptions options;
        try
        {
            options = BuildOptions(result);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }

        // Before any method that mentions an MSBuild type is compiled (see MsBuildRegistration).
        if (!LoadOptions.TryRegisterMsBuild(stderr))
        {
            return ExitCodes.Incomplete;
        }

        var (report, exitCode) = await EngineRun.RunAsync(stderr, verbose, "scan", progress => ScanEngine.RunAsync(options, progress, cancellationToken)).ConfigureAwait(false);
        if (report is null)
        {
            return exitCode;
        }

        return WriteOutputs(result, report, stdout, stderr);
    }

    private int WriteOutputs(ParseResult result, ScanReport report, TextWriter stdout, TextWriter stderr)
    {
        var outputDirectory = result.GetValue(_report.Output) ?? "koupleless-report";
        IReadOnlyList<string> files;
        try
        {
            files = ReportWriters.WriteAll(report, _report.GetWriters(result), outputDirectory);
            if (result.GetValue(_writeBaseline) is { } baselinePath)
            {
                BaselineFile.From(report).Write(baselinePath);
                files = files.Append(baselinePath).ToList();
            }

            if (result.GetValue(_emitCatalog) is { } catalogPath)
            {
                ModuleCatalogExport.Write(report, catalogPath);
                files = files.Append(catalogPath).ToList();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"koupleless: cannot write the reports to '{outputDirectory}': {ex.Message}");
            return ExitCodes.UsageError;
        }

        ConsoleSummary.Write(stdout, report, files);
        if (result.GetValue(_report.GitHub))
        {
            GitHubAnnotations.Write(report, stdout, WorkflowCommand.DefaultWorkspace());
        }

        var failOn = _report.GetFailOn(result);
        if (report.Failures.Count > 0)
        {
            stderr.WriteLine($"koupleless: {report.Failures.Count} problem(s) kept part of the code from being scanned; see 'Not scanned' in the report.");
            return ExitCodes.Incomplete;
        }

        return ReportOptions.Fails(report, failOn) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private ScanOptions BuildOptions(ParseResult result)
    {
        var baselinePath = result.GetValue(_baseline);
        return _load.Build(result) with
        {
            Baseline = baselinePath is null ? null : BaselineFile.ReadFingerprints(baselinePath),
            BaselinePath = baselinePath,
        };
    }
}
