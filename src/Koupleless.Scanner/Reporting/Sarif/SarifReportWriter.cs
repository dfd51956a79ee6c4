using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.Sarif;

/// <summary>The scan report as SARIF 2.1.0 (GitHub code scanning, Azure DevOps, VS SARIF viewer).</summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SourceRootId = "SRCROOT";
    public const string FingerprintKey = "kouplelessFingerprint/v1";

    public string Format => "sarif";

    public string FileName => "koupleless.sarif";

    public void Write(ScanReport report, TextWriter writer) => writer.Write(SarifWriter.ToJson(ToSarif(report)));

    public static SarifLog ToSarif(ScanReport report)
    {
        var rules = report.Rules.OrderBy(r => r.Id, System.StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var run = new SarifRun
        {
            Tool = new SarifTool
            {
                Driver = new SarifToolComponent
                {
                    Name = report.Tool.Name,
                    Version = report.Tool.Version,
                    SemanticVersion = report.Tool.Version,
                    InformationUri = report.Tool.InformationUri,
                    Rules = rules.Select(SarifRules.Descriptor).ToList(),
                },
            },
            OriginalUriBaseIds = new Dictionary<string, SarifArtifactLocation>
            {
                [SourceRootId] = new() { Uri = new System.Uri(EnsureTrailingSlash(report.RootDirectory)).AbsoluteUri },
            },
            Results = report.Findings.Select(f => ToResult(f, ruleIndex)).ToList(),
            Invocations = new List<SarifInvocation>
            {
                new()
                {
                    ExecutionSuccessful = report.Failures.Count == 0,
                    ToolExecutionNotifications = report.Failures.Count + report.Notes.Count == 0 ? null : report.Failures.Select(ToNotification).Concat(report.Notes.Select(ToNotification)).ToList(),
                },
            },
        };

        return new SarifLog { Runs = { run } };
    }

    public static string Level(FindingLevel level) => level switch
    {
        FindingLevel.Error => SarifLevels.Error,
        FindingLevel.Warning => SarifLevels.Warning,
        FindingLevel.Note => SarifLevels.Note,
        _ => SarifLevels.None,
    };

    private static SarifResult ToResult(Finding finding, Dictionary<string, int> ruleIndex)
    {
        List<SarifLocation>? locations = null;
        if (finding.Path is not null)
        {
            var isRelative = !Path.IsPathRooted(finding.Path);
            locations = new List<SarifLocation>
            {
                new()
                {
                    PhysicalLocation = new SarifPhysicalLocation
                    {
                        ArtifactLocation = isRelative
                            ? new SarifArtifactLocation { Uri = SarifWriter.ToUri(finding.Path), UriBaseId = SourceRootId }
                            : new SarifArtifactLocation { Uri = new System.Uri(finding.Path).AbsoluteUri },
                        // A project-wide finding (no position) points at the project file's first line: SARIF
                        // consumers (and the validator, SARIF2017) expect a region on every physical location.
                        Region = finding.Line <= 0 ? new SarifRegion { StartLine = 1 } : new SarifRegion
                        {
                            StartLine = finding.Line,
                            StartColumn = finding.Column,
                            EndLine = finding.EndLine,
                            EndColumn = finding.EndColumn,
                            Snippet = SarifSnippets.RegionText(finding) is { } text ? new SarifArtifactContent { Text = text } : null,
                        },
                        ContextRegion = SarifSnippets.ContextRegion(finding),
                    },
                },
            };
        }

        return new SarifResult
        {
            RuleId = finding.RuleId,
            RuleIndex = ruleIndex.TryGetValue(finding.RuleId, out var index) ? index : null,
            Level = Level(finding.Level),
            Message = new SarifMessage { Text = finding.Message },
            Locations = locations,
            PartialFingerprints = new Dictionary<string, string> { [FingerprintKey] = finding.Fingerprint },
            BaselineState = finding.BaselineState,
            Suppressions = finding.Suppression is null ? null : new List<SarifSuppression> { new() { Kind = finding.Suppression } },
            Properties = new Dictionary<string, object?> { ["project"] = finding.Project, ["family"] = finding.Family },
        };
    }

    private static SarifNotification ToNotification(ScanFailure failure) => new()
    {
        Level = SarifLevels.Error,
        Message = new SarifMessage { Text = $"[{failure.Stage}] {(failure.Project is null ? string.Empty : failure.Project + ": ")}{failure.Message}" },
    };

    private static SarifNotification ToNotification(ScanNote note) => new()
    {
        Level = SarifLevels.Note,
        Message = new SarifMessage { Text = $"[{note.Stage}] {(note.Project is null ? string.Empty : note.Project + ": ")}{(note.Code is null ? string.Empty : note.Code + ": ")}{note.Message}" },
    };

    private static string EnsureTrailingSlash(string path)
        => path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;
}
