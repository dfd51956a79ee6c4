using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Cli.Terminal;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Fixing;
using Koupleless.Scanner.Loading;

namespace Koupleless.Cli.Commands;

/// <summary>
/// `koupleless fix PATH`: applies the Koupleless code fixes to a solution, project or folder (docs/fix.md), as
/// `roslynator fix` does for its analyzers: loaded and analysed as `scan` does, every fix compiled in memory and
/// undone when it adds a compiler error, only source files written.
/// </summary>
public sealed class FixCommand : ICliCommand
{
    private readonly LoadOptions _load = new();

    private readonly Option<string[]> _diagnostics = new("--diagnostics", "-d")
    {
        Description = "Fix only these rule IDs (comma-separated or repeatable), e.g. KPL1001,KPL3003.",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Write nothing; print the changes as a unified diff on stdout." };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Show details: load warnings, restore commands, fixes that were retried one at a time." };
    private readonly Option<FileInfo?> _report = new("--report") { Description = "Also write what was fixed, undone and left as JSON to this file (for CI)." };

    public Command Create()
    {
        var command = new Command("fix", "Apply the Koupleless code fixes to a solution, project or folder; a fix that breaks the build is undone.");
        _load.AddTo(command);
        foreach (var option in new Option[] { _diagnostics, _dryRun, _verbose, _report })
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
        var verbose = result.GetValue(_verbose);
        var dryRun = result.GetValue(_dryRun);
        ScanOptions options;
        IReadOnlySet<string>? onlyIds;
        try
        {
            options = _load.Build(result);
            onlyIds = RuleIds(result);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }

        if (!LoadOptions.TryRegisterMsBuild(stderr))
        {
            return ExitCodes.Incomplete;
        }

        var (fixResult, exitCode) = await EngineRun.RunAsync(stderr, verbose, "fix", progress => FixEngine.RunAsync(options, onlyIds, dryRun, progress, cancellationToken)).ConfigureAwait(false);
        if (fixResult is null)
        {
            return exitCode;
        }

        // The diff is the dry run's output (for patch or review); the summary then goes to stderr beside the progress.
        if (dryRun)
        {
            FixSummary.WriteDiff(stdout, fixResult);
        }

        FixSummary.Write(dryRun ? stderr : stdout, fixResult, dryRun);
        foreach (var failure in fixResult.Failures)
        {
            stderr.WriteLine($"koupleless: {failure.Stage}: {failure.Path ?? failure.Project}: {failure.Message}");
        }

        if (result.GetValue(_report) is { } reportFile && !TryWriteReport(reportFile, FixReport.From(fixResult, options.Target, dryRun), stderr))
        {
            return ExitCodes.Incomplete;
        }

        if (fixResult.ProjectsAnalyzed == 0)
        {
            stderr.WriteLine("koupleless: no C# project was loaded; nothing to fix.");
            return ExitCodes.Incomplete;
        }

        return fixResult.Failures.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Clean;
    }

    private static bool TryWriteReport(FileInfo file, FixReport report, TextWriter stderr)
    {
        try
        {
            report.WriteTo(file.FullName);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The fixes are written already; only the record of them is missing.
            stderr.WriteLine($"koupleless: could not write the report {file.FullName}: {ex.Message}");
            return false;
        }
    }

    private IReadOnlySet<string>? RuleIds(ParseResult result)
    {
        var ids = (result.GetValue(_diagnostics) ?? Array.Empty<string>())
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return null;
        }

        var unknown = ids.Where(id => !AnalyzerSet.Default.RuleIds.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ScanInputException($"--diagnostics names no Koupleless rule: {string.Join(", ", unknown)}.");
        }

        return ids;
    }
}
