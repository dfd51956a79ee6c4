using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>
/// SARIF 2.1.0 for a packages report. A finding's artifact is the assembly inside its package, as a URI relative to the
/// NUGET base ("newtonsoft.json/13.0.3/lib/net6.0/Newtonsoft.Json.dll" - the global-packages-folder layout); the type
/// and member are a logical location; the IL offset and package verdict are result properties.
/// Package problems (unreadable, missing) are tool execution notifications.
/// </summary>
public static class PackagesSarif
{
    public const string UriBaseId = "NUGET";

    public static SarifLog Build(PackagesReport report)
    {
        var rules = new List<SarifReportingDescriptor>();
        var ruleIndex = new Dictionary<string, int>();
        var results = new List<SarifResult>();
        var notifications = new List<SarifNotification>();
        foreach (var package in report.Packages)
        {
            foreach (var finding in package.Findings)
            {
                if (!ruleIndex.TryGetValue(finding.RuleId, out var index))
                {
                    index = ruleIndex[finding.RuleId] = rules.Count;
                    rules.Add(SarifRules.Descriptor(Rule(finding)));
                }

                results.Add(new SarifResult
                {
                    RuleId = finding.RuleId,
                    RuleIndex = index,
                    Level = package.Verdict == Verdicts.Incompatible ? SarifLevels.Error : SarifLevels.Warning,
                    Message = new SarifMessage { Text = $"{package.Id} {package.Version}: {finding.Message}" + (finding.Hint is null ? string.Empty : $" (fix: {finding.Hint})") },
                    Locations = new List<SarifLocation>
                    {
                        new()
                        {
                            PhysicalLocation = new SarifPhysicalLocation
                            {
                                ArtifactLocation = new SarifArtifactLocation { Uri = ArtifactUri(package, finding.Assembly), UriBaseId = UriBaseId },
                                // A byte region: the artifact is an assembly, not text.
                                Region = new SarifRegion { ByteOffset = finding.ByteOffset ?? 0, ByteLength = finding.ByteOffset is null ? 0 : 1 },
                            },
                            LogicalLocations = new List<SarifLogicalLocation>
                            {
                                new() { Name = finding.Member, FullyQualifiedName = finding.Type + "." + finding.Member, Kind = "member" },
                            },
                        },
                    },
                    PartialFingerprints = new Dictionary<string, string>
                    {
                        ["kouplelessPackageFinding/v1"] = string.Join("|", package.Id.ToLowerInvariant(), finding.RuleId, finding.Assembly, finding.Type, finding.Member, finding.Target ?? string.Empty),
                    },
                    Properties = new Dictionary<string, object?>
                    {
                        ["package"] = package.Id,
                        ["packageVersion"] = package.Version,
                        ["verdict"] = package.Verdict,
                        ["ilOffset"] = finding.IlOffset,
                        ["target"] = finding.Target,
                        // The code the analyzers judged: the assembly decompiled to C# (docs/packages.md).
                        ["role"] = finding.Role,
                        ["decompiledLine"] = finding.DecompiledLine,
                        ["decompiledSnippet"] = finding.Snippet is null ? null : string.Join("\n", finding.Snippet),
                        ["framework"] = package.Framework,
                        ["usedBy"] = package.UsedBy is null ? null : PackagesSummary.UsedBy(package),
                    },
                });
            }

            foreach (var problem in package.Problems)
            {
                notifications.Add(new SarifNotification
                {
                    Level = package.Scanned ? SarifLevels.Warning : SarifLevels.Error,
                    Message = new SarifMessage { Text = $"{package.Id} {package.Version}: {problem}" },
                });
            }
        }

        notifications.AddRange(report.TableProblems.Select(p => new SarifNotification { Level = SarifLevels.Warning, Message = new SarifMessage { Text = p } }));
        return new SarifLog
        {
            Runs = new List<SarifRun>
            {
                new()
                {
                    Tool = new SarifTool { Driver = new SarifToolComponent { Name = "koupleless-packages", Version = report.ToolVersion, InformationUri = "https://github.com/koupleless/koupleless-analyzers", Rules = rules } },
                    Results = results,
                    Invocations = new List<SarifInvocation> { new() { ExecutionSuccessful = report.Packages.All(p => p.Scanned), ToolExecutionNotifications = notifications.Count == 0 ? null : notifications } },
                    Properties = new Dictionary<string, object?> { ["target"] = report.Target, ["framework"] = report.Framework, ["shard"] = report.Shard, ["moduleHost"] = report.ModuleHost },
                },
            },
        };
    }

    /// <summary>The rule as the analyzers declare it (one engine: the same title, description and docs as a source scan).</summary>
    private static RuleInfo Rule(PackageFinding finding)
        => AnalyzerSet.Default.Rules.FirstOrDefault(r => r.Id == finding.RuleId)
            ?? new RuleInfo(finding.RuleId, RuleFamilies.Title(finding.Family), string.Empty, string.Empty, finding.Family, FindingLevel.Warning, null);

    public static string ArtifactUri(PackageResult package, string assemblyPath)
        => SarifWriter.ToUri(package.Id.ToLowerInvariant() + "/" + package.Version.ToLowerInvariant() + "/" + assemblyPath);
}
