using System.Collections.Generic;
using System.Linq;

namespace Koupleless.Scanner.Model;

/// <summary>Counts of active findings (neither suppressed nor baselined), grouped the ways the reports need.</summary>
public static class ReportCountsBuilder
{
    public static ReportCounts From(IReadOnlyList<Finding> findings)
    {
        var active = findings.Where(f => f.IsActive).ToList();
        return new ReportCounts(
            Total: findings.Count,
            Active: active.Count,
            Suppressed: findings.Count(f => f.Suppression is not null),
            Baselined: findings.Count(f => f.Suppression is null && f.BaselineState == "unchanged"),
            ByLevel: Group(active, f => f.Level.ToString().ToLowerInvariant()),
            ByFamily: Group(active, f => f.Family),
            ByRule: Group(active, f => f.RuleId),
            ByProject: Group(active, f => f.Project));
    }

    private static SortedDictionary<string, int> Group(IEnumerable<Finding> findings, System.Func<Finding, string> key)
    {
        var result = new SortedDictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var k = key(finding);
            result[k] = result.TryGetValue(k, out var n) ? n + 1 : 1;
        }

        return result;
    }
}
