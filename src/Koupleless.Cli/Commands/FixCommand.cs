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
    private readonly Argument<string> _path = new("path")
    {
        Description = "A solution (.sln, .slnx), a C# project (.csproj), or a folder holding one.",
        DefaultValueFactory = _ => ".",
    };

    private readonly Option<string[]> _diagnostics = new("--diagnostics", "-d")
    {
        Description = "Fix only these rule IDs (comma-separated or repeatable), e.g. KPL1001,KPL3003.",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Write nothing; print the changes as a unified diff on stdout." };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Show details: load warnings, restore commands, fixes that were retried one at a time." };
    private readonly Option<string[]> _catalog = new("--catalog") { Description = "An enterprise hazard catalog file (repeatable); see docs/catalog.md.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _include = new("--include") { Description = "Only fix files matching this glob, relative to the folder (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Leave files and projects matching this glob alone (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _role = new("--role") { Description = "Treat every project as this KouplelessRole (Module, Shared, Base) instead of its own." };
    private readonly Option<string> _configuration = new("--configuration", "-c") { Description = "Build configuration to load.", DefaultValueFactory = _ => "Debug" };
    private readonly Option<string[]> _property = new("--property", "-p") { Description = "MSBuild global property K=V (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _noRestore = new("--no-restore") { Description = "Do not run 'dotnet restore' first." };

    public Command Create()
    {
        _role.AcceptOnlyFromAmong("Module", "Shared", "Base", "module", "shared", "base");
        var command = new Command("fix", "Apply the Koupleless code fixes to a solution, project or folder; a fix that breaks the build is undone.")
        {
            _path,
        };
        foreach (var option in new Option[] { _diagnostics, _dryRun, _verbose, _catalog, _include, _exclude, _role, _configuration, _property, _noRestore })
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
            options = BuildOptions(result);
            onlyIds = RuleIds(result);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }

        try
        {
            MsBuildRegistration.EnsureRegistered();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            stderr.WriteLine($"koupleless: no .NET SDK with MSBuild was found ({ex.Message}). Install the .NET SDK or set DOTNET_ROOT.");
            return ExitCodes.Incomplete;
        }

        FixResult fixResult;
        try
        {
            fixResult = await ProgressDisplay.RunAsync(stderr, verbose, progress => FixEngine.RunAsync(options, onlyIds, dryRun, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("koupleless: cancelled; nothing was written.");
            return ExitCodes.Incomplete;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"koupleless: the fix stopped: {ex.GetType().Name}: {ex.Message}");
            if (verbose)
            {
                stderr.WriteLine(ex.ToString());
            }

            return ExitCodes.Incomplete;
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

        if (fixResult.ProjectsAnalyzed == 0)
        {
            stderr.WriteLine("koupleless: no C# project was loaded; nothing to fix.");
            return ExitCodes.Incomplete;
        }

        return fixResult.Failures.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Clean;
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

    private ScanOptions BuildOptions(ParseResult result)
    {
        var path = result.GetValue(_path) ?? ".";
        ScanTarget.Resolve(path); // fails early, before MSBuild starts, on a path that names nothing to fix

        var catalogs = result.GetValue(_catalog) ?? Array.Empty<string>();
        foreach (var catalog in catalogs)
        {
            CatalogAdditionalText.Load(catalog);
        }

        var role = result.GetValue(_role);
        return new ScanOptions
        {
            Target = path,
            Configuration = result.GetValue(_configuration) ?? "Debug",
            Properties = ScanCommand.ParseProperties(result.GetValue(_property)),
            RoleOverride = ScanCommand.NormalizeRole(role),
            Catalogs = catalogs,
            Include = result.GetValue(_include) ?? Array.Empty<string>(),
            Exclude = result.GetValue(_exclude) ?? Array.Empty<string>(),
            Restore = !result.GetValue(_noRestore),
        };
    }
}
