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
    private readonly Argument<string> _path = new("path")
    {
        Description = "A solution (.sln, .slnx), a C# project (.csproj), or a folder holding one.",
        DefaultValueFactory = _ => ".",
    };

    private readonly ReportOptions _report = new();

    private readonly Option<string[]> _catalog = new("--catalog") { Description = "An enterprise hazard catalog file (repeatable); see docs/catalog.md.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _baseline = new("--baseline") { Description = "Baseline file: its findings are reported as unchanged and do not fail the run." };
    private readonly Option<string?> _writeBaseline = new("--write-baseline") { Description = "Write the current findings as a baseline file." };
    private readonly Option<string[]> _include = new("--include") { Description = "Only report files matching this glob, relative to the scanned folder (repeatable), e.g. 'src/**'.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Skip files and projects matching this glob (repeatable), e.g. '**/Generated/**'.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _role = new("--role") { Description = "Treat every project as this KouplelessRole (Module, Shared, Base) instead of its own." };
    private readonly Option<string> _configuration = new("--configuration", "-c") { Description = "Build configuration to load.", DefaultValueFactory = _ => "Debug" };
    private readonly Option<string[]> _property = new("--property", "-p") { Description = "MSBuild global property K=V (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _noRestore = new("--no-restore") { Description = "Do not run 'dotnet restore' first." };

    public Command Create()
    {
        _role.AcceptOnlyFromAmong("Module", "Shared", "Base", "module", "shared", "base");
        var command = new Command("scan", "Scan a solution, project or folder and write SARIF, JSON, Markdown and HTML reports.")
        {
            _path,
        };
        _report.AddTo(command);
        foreach (var option in new Option[] { _catalog, _baseline, _writeBaseline, _include, _exclude, _role, _configuration, _property, _noRestore })
        {
            command.Options.Add(option);
        }

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
        try
        {
            MsBuildRegistration.EnsureRegistered();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            stderr.WriteLine($"koupleless: no .NET SDK with MSBuild was found ({ex.Message}). Install the .NET SDK or set DOTNET_ROOT.");
            return ExitCodes.Incomplete;
        }

        ScanReport report;
        try
        {
            report = await ProgressDisplay.RunAsync(stderr, verbose, progress => ScanEngine.RunAsync(options, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("koupleless: cancelled.");
            return ExitCodes.Incomplete;
        }
        catch (Exception ex)
        {
            // Never a stack trace for the user unless asked: the message names what went wrong.
            stderr.WriteLine($"koupleless: the scan stopped: {ex.GetType().Name}: {ex.Message}");
            if (verbose)
            {
                stderr.WriteLine(ex.ToString());
            }

            return ExitCodes.Incomplete;
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
        var path = result.GetValue(_path) ?? ".";
        ScanTarget.Resolve(path); // fails early, before MSBuild starts, on a path that names nothing scannable

        var catalogs = result.GetValue(_catalog) ?? Array.Empty<string>();
        foreach (var catalog in catalogs)
        {
            CatalogAdditionalText.Load(catalog); // names an unreadable catalog before the scan starts
        }

        var baselinePath = result.GetValue(_baseline);
        var role = result.GetValue(_role);
        return new ScanOptions
        {
            Target = path,
            Configuration = result.GetValue(_configuration) ?? "Debug",
            Properties = ParseProperties(result.GetValue(_property)),
            RoleOverride = NormalizeRole(role),
            Catalogs = catalogs,
            Include = result.GetValue(_include) ?? Array.Empty<string>(),
            Exclude = result.GetValue(_exclude) ?? Array.Empty<string>(),
            Baseline = baselinePath is null ? null : BaselineFile.ReadFingerprints(baselinePath),
            BaselinePath = baselinePath,
            Restore = !result.GetValue(_noRestore),
        };
    }

    /// <summary>--property K=V pairs as MSBuild global properties; throws <see cref="ScanInputException"/> for one that is not K=V.</summary>
    internal static Dictionary<string, string> ParseProperties(string[]? pairs)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? Array.Empty<string>())
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ScanInputException($"--property '{pair}' is not K=V.");
            }

            properties[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return properties;
    }

    /// <summary>--role as the project property spells it (Module, Shared, Base), whatever its case on the command line.</summary>
    internal static string? NormalizeRole(string? role) => role is null ? null : char.ToUpperInvariant(role[0]) + role[1..].ToLowerInvariant();
}
