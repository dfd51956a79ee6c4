using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Baselines;
using Koupleless.Scanner.Model;

namespace Koupleless.RealCode;

/// <summary>One finding of one library with the label it matched (null when nobody has judged it yet).</summary>
internal sealed record JudgedFinding(Library Library, Finding Finding, LabelKey Key, Label? Label);

/// <summary>Precision and recall per rule, from the judged findings and the hazard rows of the labels.</summary>
internal static class Scoring
{
    public static LabelKey KeyOf(Library library, Finding finding)
    {
        var line = finding.Snippet is { } snippet && finding.Line - finding.SnippetStartLine is var index && index >= 0 && index < snippet.Count
            ? snippet[index]
            : string.Empty;
        return new LabelKey(library.Name, finding.RuleId, finding.Path ?? string.Empty, Fingerprints.Normalize(line));
    }

    public sealed record RuleScore(string Rule, int Findings, int Right, int Wrong, int Unlabelled, int Hazards, int HazardsFound)
    {
        public double? Precision => Right + Wrong == 0 ? null : (double)Right / (Right + Wrong);

        public double? Recall => Hazards == 0 ? null : (double)HazardsFound / Hazards;
    }

    public static IReadOnlyList<RuleScore> Score(IReadOnlyList<JudgedFinding> findings, IEnumerable<Label> labels, ISet<string> libraries)
    {
        var hazards = labels.Where(l => l.IsHazard && libraries.Contains(l.Key.Library)).ToList();
        var found = findings.Select(f => f.Key).ToHashSet();
        var rules = findings.Select(f => f.Finding.RuleId).Concat(hazards.Select(h => h.Key.Rule)).Distinct().OrderBy(r => r, StringComparer.Ordinal);
        return rules.Select(rule =>
        {
            var ofRule = findings.Where(f => f.Finding.RuleId == rule).ToList();
            var ruleHazards = hazards.Where(h => h.Key.Rule == rule).ToList();
            return new RuleScore(
                rule,
                ofRule.Count,
                ofRule.Count(f => f.Label is { IsHazard: true }),
                ofRule.Count(f => f.Label is { IsHazard: false }),
                ofRule.Count(f => f.Label is null),
                ruleHazards.Count,
                ruleHazards.Count(h => found.Contains(h.Key)));
        }).ToList();
    }

    public static void Print(TextWriter output, string title, IReadOnlyList<RuleScore> scores)
    {
        output.WriteLine();
        output.WriteLine($"## {title}");
        output.WriteLine();
        output.WriteLine("| rule | findings | right | wrong | unlabelled | precision | hazards | found | recall |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scores)
        {
            output.WriteLine($"| {s.Rule} | {s.Findings} | {s.Right} | {s.Wrong} | {s.Unlabelled} | {Percent(s.Precision)} | {s.Hazards} | {s.HazardsFound} | {Percent(s.Recall)} |");
        }

        var total = new RuleScore("all", scores.Sum(s => s.Findings), scores.Sum(s => s.Right), scores.Sum(s => s.Wrong), scores.Sum(s => s.Unlabelled), scores.Sum(s => s.Hazards), scores.Sum(s => s.HazardsFound));
        output.WriteLine($"| **all** | {total.Findings} | {total.Right} | {total.Wrong} | {total.Unlabelled} | {Percent(total.Precision)} | {total.Hazards} | {total.HazardsFound} | {Percent(total.Recall)} |");
    }

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "–";
}
