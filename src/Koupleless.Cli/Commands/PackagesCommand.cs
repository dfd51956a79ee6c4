using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;
using NuGet.Frameworks;

namespace Koupleless.Cli.Commands;

/// <summary>
/// `koupleless packages PATH` / `koupleless packages --list FILE`: scans the compiled code of NuGet packages
/// (a project's or solution's restored closure, or explicit id@version lines) and matches the adapter tables.
/// </summary>
public sealed class PackagesCommand : ICliCommand
{
    private readonly Argument<string?> _path = new("path") { Description = "A restored solution, project or folder whose package closure (obj/project.assets.json) is scanned.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _list = new("--list") { Description = "A file of 'id@version' lines to scan instead of a project's closure." };
    private readonly Option<string[]> _catalog = new("--catalog") { Description = "An adapter table or KouplelessHazards*.txt catalog (repeatable); see docs/packages.md.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _framework = new("--framework") { Description = "Target framework whose nearest lib/ folder (and runtimes/<rid>/lib/ folder per RID) is read (default: each package's from the projects' assets files; net8.0 for --list)." };
    private readonly Option<string?> _shard = new("--shard") { Description = "Scan only shard i of n (1-based, by package id hash), e.g. 2/4; combine with 'koupleless merge'." };
    private readonly Option<string?> _cache = new("--cache") { Description = "Folder downloaded packages are kept in (default: the user's local app data/koupleless/packages)." };
    private readonly Option<bool> _offline = new("--offline") { Description = "Never download: use only packages already in a local packages folder." };
    private readonly Option<bool> _noCache = new("--no-cache") { Description = "Judge every package again instead of reusing the judgements kept in the cache folder." };
    private readonly Option<string?> _moduleHost = new("--module-host") { Description = "Whose host the modules that load these packages run under: own (each builds its own host) or base (the base hands them its host's lifetime and configuration); default: what the scanned projects declare as KouplelessModuleHost." };
    private readonly Option<bool> _selectTypes = new("--select-types") { Description = "Decompile with bodies only the types an IL pass selects as able to produce a finding (an experiment: measured not faster; no judgement cache)." };
    private readonly Option<string[]> _format = new("--format", "-f") { Description = "Report format(s): sarif, json, md, html (default: all four).", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Directory the reports are written to.", DefaultValueFactory = _ => "koupleless-report" };
    private readonly Option<bool> _github = new("--github") { Description = "Also print each package that needs attention as a GitHub Actions annotation (workflow command) to stdout." };
    private readonly Option<string> _failOn = new("--fail-on") { Description = "Exit with 1 when a package has this verdict or worse: incompatible, needs-review, compatible-with-adapter or none.", DefaultValueFactory = _ => "incompatible" };

    public Command Create()
    {
        _format.AcceptOnlyFromAmong(PackagesReportFiles.Formats);
        _failOn.AcceptOnlyFromAmong(Verdicts.Incompatible, Verdicts.NeedsReview, Verdicts.CompatibleWithAdapter, "none");
        var command = new Command("packages", "Scan the compiled code of NuGet packages (a restored closure or an id@version list) and report each package's verdict and adapters.") { _path };
        foreach (var option in new Option[] { _list, _catalog, _framework, _shard, _cache, _offline, _noCache, _moduleHost, _selectTypes, _format, _output, _failOn, _github })
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
        PackageScanOptions options;
        try
        {
            options = BuildOptions(result);
        }
        catch (ScanInputException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }

        PackagesReport report;
        try
        {
            report = await Terminal.PackagesProgressDisplay.RunAsync(stderr, progress => PackageScanEngine.RunAsync(options, cancellationToken, progress)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("koupleless: cancelled.");
            return ExitCodes.Incomplete;
        }

        return Finish(report, result.GetValue(_format), result.GetValue(_output) ?? "koupleless-report", result.GetValue(_failOn) ?? Verdicts.Incompatible, stdout, stderr, result.GetValue(_github));
    }

    /// <summary>Writes the reports and the console summary and picks the exit code (shared with `merge`).</summary>
    internal static int Finish(PackagesReport report, string[]? formats, string output, string failOn, TextWriter stdout, TextWriter stderr, bool github = false)
    {
        IReadOnlyList<string> files;
        try
        {
            files = PackagesReportFiles.WriteAll(report, formats is { Length: > 0 } ? formats.Distinct().ToArray() : PackagesReportFiles.Formats, output);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"koupleless: cannot write the reports to '{output}': {ex.Message}");
            return ExitCodes.UsageError;
        }

        foreach (var problem in report.TableProblems)
        {
            stderr.WriteLine($"koupleless: {problem}");
        }

        var counts = PackagesSummary.VerdictCounts(report);
        stdout.WriteLine($"{report.Packages.Count} package(s): " + string.Join(", ", Verdicts.Ordered.Select(v => $"{counts[v]} {Verdicts.Title(v).ToLowerInvariant()}")));
        foreach (var (title, _, packages) in PackagesSummary.Groups(report).Where(g => g.Packages.Count > 0 && g.Title != "Clean"))
        {
            stdout.WriteLine($"  {title}: {string.Join(", ", packages.Select(p => p.Id + " " + p.Version))}");
        }

        foreach (var adapter in report.AdaptersToAdd)
        {
            stdout.WriteLine($"  Add adapter package: {adapter}");
        }

        var s = report.Statistics;
        if (s.ScanSeconds > 0)
        {
            stdout.WriteLine($"  read {s.AssemblyBytes / 1048576.0:F1} MB of assemblies; judged {s.PackagesJudged} package(s) by decompiling them, {s.PackagesFromCache} from the cache; {s.CpuSeconds:F1} s CPU, {s.TotalSeconds:F1} s wall");
        }

        foreach (var file in files)
        {
            stdout.WriteLine($"  wrote {file}");
        }

        if (github)
        {
            PackagesGitHubAnnotations.Write(report, stdout);
        }

        var unscanned = report.Packages.Where(p => !p.Scanned).ToList();
        foreach (var package in unscanned)
        {
            stderr.WriteLine($"koupleless: {package.Id} {package.Version} not scanned: {string.Join("; ", package.Problems)}");
        }

        if (unscanned.Count > 0)
        {
            return ExitCodes.Incomplete;
        }

        var threshold = Array.IndexOf(Verdicts.Ordered, failOn);
        return threshold >= 0 && report.Packages.Any(p => Array.IndexOf(Verdicts.Ordered, p.Verdict) >= threshold) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private PackageScanOptions BuildOptions(ParseResult result)
    {
        var path = result.GetValue(_path);
        var list = result.GetValue(_list);
        if ((path is null) == (list is null))
        {
            throw new ScanInputException("give either a PATH (a restored project, solution or folder) or --list FILE.");
        }

        if (!Shard.TryParse(result.GetValue(_shard), out var shard, out var shardProblem))
        {
            throw new ScanInputException(shardProblem!);
        }

        var frameworkText = result.GetValue(_framework);
        var framework = frameworkText is null ? null : NuGetFramework.Parse(frameworkText);
        if (framework is { IsUnsupported: true })
        {
            throw new ScanInputException($"--framework '{result.GetValue(_framework)}' is not a target framework moniker (e.g. net8.0, netstandard2.0).");
        }

        var catalogs = result.GetValue(_catalog) ?? Array.Empty<string>();
        foreach (var catalog in catalogs.Where(c => !File.Exists(c)))
        {
            throw new ScanInputException($"--catalog '{catalog}' does not exist.");
        }

        var moduleHostText = result.GetValue(_moduleHost);
        var moduleHost = DeclaredModuleHost.Normalise(moduleHostText);
        if (moduleHostText is not null && moduleHost is null)
        {
            throw new ScanInputException($"--module-host '{moduleHostText}' is not own or base.");
        }

        List<PackageRef> packages;
        List<string> problems;
        string root;
        var closureFrameworks = new List<string>();
        if (list is not null)
        {
            if (!File.Exists(list))
            {
                throw new ScanInputException($"--list '{list}' does not exist.");
            }

            (packages, problems) = PackageListFile.Read(list);
            root = Path.GetDirectoryName(Path.GetFullPath(list))!;
        }
        else
        {
            var closure = AssetsFileClosure.Read(path!);
            (packages, problems, root, closureFrameworks) = closure;
            moduleHost ??= closure.ModuleHost;
        }

        return new PackageScanOptions
        {
            Packages = packages,
            Target = list ?? path!,
            RootDirectory = root,
            SettingsRoot = root,
            Catalogs = catalogs,
            Framework = framework,
            ClosureFrameworks = closureFrameworks,
            Shard = shard,
            CacheFolder = result.GetValue(_cache) ?? Koupleless.Scanner.Packages.Acquisition.PackageFetcher.DefaultCacheFolder,
            Offline = result.GetValue(_offline),
            UseJudgementCache = !result.GetValue(_noCache),
            SelectTypes = result.GetValue(_selectTypes),
            ModuleHost = moduleHost,
            InputProblems = problems,
        };
    }
}
