using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Scanner.Packages.Merge;

/// <summary>
/// `koupleless merge`: combines shard reports. JSON reports merge into one <see cref="PackagesReport"/> (packages keyed
/// by id and version; a package present in several inputs is kept once, from the first input that scanned it), from
/// which every format can be written. SARIF reports merge into one run (rules unioned and re-indexed, results
/// de-duplicated by their fingerprint, notifications concatenated).
/// </summary>
public static class PackagesReportMerger
{
    public static PackagesReport MergeJson(IReadOnlyList<PackagesReport> reports)
    {
        if (reports.Count == 0)
        {
            throw new ArgumentException("nothing to merge", nameof(reports));
        }

        var merged = new PackagesReport
        {
            Target = string.Join(", ", reports.Select(r => r.Target).Distinct(StringComparer.Ordinal)),
            Framework = string.Join(", ", reports.Select(r => r.Framework).Distinct(StringComparer.OrdinalIgnoreCase)),
            // Shards of one run share it; reports of runs that took different hosts have none in common.
            ModuleHost = reports.Select(r => r.ModuleHost).Distinct(StringComparer.Ordinal).Count() == 1 ? reports[0].ModuleHost : null,
        };

        var byKey = new Dictionary<string, PackageResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in reports.SelectMany(r => r.Packages))
        {
            var key = package.Id + "/" + package.Version;
            if (!byKey.TryGetValue(key, out var existing) || (!existing.Scanned && package.Scanned))
            {
                byKey[key] = package;
            }
        }

        merged.Packages.AddRange(byKey.Values.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => NuGet.Versioning.NuGetVersion.Parse(p.Version)));
        merged.TableProblems.AddRange(reports.SelectMany(r => r.TableProblems).Distinct(StringComparer.Ordinal));
        var stats = merged.Statistics;
        stats.Packages = merged.Packages.Count;
        stats.Assemblies = merged.Packages.Sum(p => p.Assemblies.Count);
        stats.AssemblyBytes = merged.Packages.Sum(p => p.Assemblies.Sum(a => a.Bytes));
        stats.IlBytes = merged.Packages.Sum(p => p.Assemblies.Sum(a => a.IlBytes));
        stats.ScanSeconds = Math.Round(reports.Sum(r => r.Statistics.ScanSeconds), 3);
        stats.TotalSeconds = Math.Round(reports.Sum(r => r.Statistics.TotalSeconds), 3);
        stats.CpuSeconds = Math.Round(reports.Sum(r => r.Statistics.CpuSeconds), 3);
        return merged;
    }

    public static SarifLog ReadSarif(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SarifLog>(File.ReadAllText(path), SarifWriter.Options)
                ?? throw new InvalidDataException($"{path}: empty SARIF file");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a SARIF file ({ex.Message})");
        }
    }

    /// <summary>Adds problems of the merge itself (a missing shard) as warnings of the merged run.</summary>
    public static void AddProblems(SarifLog log, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var invocation = log.Runs[0].Invocations![0];
        var notifications = invocation.ToolExecutionNotifications ?? new List<SarifNotification>();
        notifications.AddRange(problems.Select(p => new SarifNotification { Level = SarifLevels.Warning, Message = new SarifMessage { Text = p } }));
        log.Runs[0].Invocations![0] = new SarifInvocation { ExecutionSuccessful = false, ToolExecutionNotifications = notifications };
    }

    public static SarifLog MergeSarif(IReadOnlyList<SarifLog> logs)
    {
        var runs = logs.SelectMany(l => l.Runs).ToList();
        if (runs.Count == 0)
        {
            throw new InvalidDataException("the SARIF inputs hold no run");
        }

        var rules = new List<SarifReportingDescriptor>();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var results = new List<SarifResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var notifications = new List<SarifNotification>();
        var successful = true;
        foreach (var run in runs)
        {
            foreach (var rule in run.Tool.Driver.Rules)
            {
                if (!ruleIndex.ContainsKey(rule.Id))
                {
                    ruleIndex[rule.Id] = rules.Count;
                    rules.Add(rule);
                }
            }

            foreach (var result in run.Results)
            {
                var identity = result.RuleId + "|" + string.Join("|", (result.PartialFingerprints ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value))
                    + "|" + result.Message.Text;
                if (!seen.Add(identity))
                {
                    continue;
                }

                results.Add(new SarifResult
                {
                    RuleId = result.RuleId,
                    RuleIndex = ruleIndex.TryGetValue(result.RuleId, out var index) ? index : null,
                    Level = result.Level,
                    Message = result.Message,
                    Locations = result.Locations,
                    PartialFingerprints = result.PartialFingerprints,
                    BaselineState = result.BaselineState,
                    Suppressions = result.Suppressions,
                    Properties = result.Properties,
                });
            }

            foreach (var invocation in run.Invocations ?? new List<SarifInvocation>())
            {
                successful &= invocation.ExecutionSuccessful;
                notifications.AddRange(invocation.ToolExecutionNotifications ?? new List<SarifNotification>());
            }
        }

        var driver = runs[0].Tool.Driver;
        return new SarifLog
        {
            Runs = new List<SarifRun>
            {
                new()
                {
                    Tool = new SarifTool { Driver = new SarifToolComponent { Name = driver.Name, Version = driver.Version, InformationUri = driver.InformationUri, Rules = rules } },
                    Results = results,
                    Invocations = new List<SarifInvocation> { new() { ExecutionSuccessful = successful, ToolExecutionNotifications = notifications.Count == 0 ? null : notifications } },
                },
            },
        };
    }
}
