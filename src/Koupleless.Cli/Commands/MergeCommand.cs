using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Merge;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Cli.Commands;

/// <summary>`koupleless merge REPORT... --output DIR`: combines the JSON and/or SARIF reports of `packages --shard` runs.</summary>
public sealed class MergeCommand : ICliCommand
{
    private readonly Argument<string[]> _reports = new("reports") { Description = "koupleless-packages.json and/or .sarif files (or folders holding them) of shard runs.", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Directory the merged reports are written to.", DefaultValueFactory = _ => "koupleless-report" };
    private readonly Option<string[]> _format = new("--format", "-f") { Description = "Formats to write from merged JSON reports: sarif, json, md, html (default: all four).", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _failOn = new("--fail-on") { Description = "As for 'packages': exit with 1 when a merged package has this verdict or worse (default incompatible).", DefaultValueFactory = _ => Verdicts.Incompatible };

    public Command Create()
    {
        _format.AcceptOnlyFromAmong(PackagesReportFiles.Formats);
        _failOn.AcceptOnlyFromAmong(Verdicts.Incompatible, Verdicts.NeedsReview, Verdicts.CompatibleWithAdapter, "none");
        var command = new Command("merge", "Merge the JSON/SARIF reports of sharded 'koupleless packages' runs into one report.") { _reports };
        command.Options.Add(_output);
        command.Options.Add(_format);
        command.Options.Add(_failOn);
        command.SetAction(result => Run(result));
        return command;
    }

    private int Run(ParseResult result)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        var output = result.GetValue(_output) ?? "koupleless-report";
        var inputs = new List<string>();
        foreach (var input in result.GetValue(_reports) ?? Array.Empty<string>())
        {
            if (Directory.Exists(input))
            {
                inputs.AddRange(Directory.EnumerateFiles(input, "koupleless-packages.*").Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".sarif", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                inputs.Add(input);
            }
            else
            {
                stderr.WriteLine($"koupleless: '{input}' does not exist.");
                return ExitCodes.UsageError;
            }
        }

        var jsonReports = new List<PackagesReport>();
        var sarifLogs = new List<SarifLog>();
        var shards = new List<MergeInput>();
        try
        {
            foreach (var input in inputs)
            {
                if (input.EndsWith(".sarif", StringComparison.OrdinalIgnoreCase))
                {
                    var log = PackagesReportMerger.ReadSarif(input);
                    sarifLogs.Add(log);
                    shards.AddRange(log.Runs.Select(r => new MergeInput(input, RunProperty(r, "shard"), RunProperty(r, "framework"))));
                }
                else
                {
                    var report = PackagesJson.Read(input);
                    jsonReports.Add(report);
                    shards.Add(new MergeInput(input, report.Shard, report.Framework));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"koupleless: {ex.Message}");
            return ExitCodes.UsageError;
        }

        var (refusal, missing) = ShardSet.Check(shards);
        if (refusal is not null)
        {
            stderr.WriteLine($"koupleless: cannot merge: {refusal}.");
            return ExitCodes.UsageError;
        }

        var missingProblems = missing.Select(m => $"shard {m} is missing: its packages are not in this report").ToList();

        if (jsonReports.Count == 0 && sarifLogs.Count == 0)
        {
            stderr.WriteLine("koupleless: no koupleless-packages.json or .sarif report to merge.");
            return ExitCodes.UsageError;
        }

        var exitCode = ExitCodes.Clean;
        if (jsonReports.Count > 0)
        {
            var formats = result.GetValue(_format) is { Length: > 0 } f ? f : PackagesReportFiles.Formats;

            // SARIF inputs alongside JSON ones are folded into the SARIF written from the merged JSON.
            var fromJson = sarifLogs.Count > 0 ? formats.Where(x => x != "sarif").ToArray() : formats;
            var merged = PackagesReportMerger.MergeJson(jsonReports);
            merged.TableProblems.AddRange(missingProblems);
            exitCode = PackagesCommand.Finish(merged, fromJson, output, result.GetValue(_failOn) ?? Verdicts.Incompatible, stdout, stderr);
            if (sarifLogs.Count > 0 && formats.Contains("sarif"))
            {
                sarifLogs.Insert(0, PackagesSarif.Build(merged));
            }
        }

        if (sarifLogs.Count > 0)
        {
            Directory.CreateDirectory(output);
            var path = Path.Combine(output, PackagesReportFiles.FileName("sarif"));
            var mergedSarif = PackagesReportMerger.MergeSarif(sarifLogs);
            if (jsonReports.Count == 0)
            {
                // From JSON inputs the missing shards are already table problems, hence notifications.
                PackagesReportMerger.AddProblems(mergedSarif, missingProblems);
                foreach (var problem in missingProblems)
                {
                    stderr.WriteLine($"koupleless: {problem}");
                }
            }

            SarifWriter.WriteFile(mergedSarif, path);
            stdout.WriteLine($"  wrote {path}");
        }

        // A missing shard leaves packages unscanned, as an unreadable package does: exit 3 takes precedence over 1.
        return missing.Count > 0 ? ExitCodes.Incomplete : exitCode;
    }

    private static string? RunProperty(SarifRun run, string name)
        => run.Properties is not null && run.Properties.TryGetValue(name, out var value) && value is not null
            ? (value is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } element ? element.GetString() : value.ToString())
            : null;
}
