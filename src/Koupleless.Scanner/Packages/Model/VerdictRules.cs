using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Packages.Adapters;

namespace Koupleless.Scanner.Packages.Model;

/// <summary>
/// Turns a package's findings and matching adapters into its verdict and placement (docs/packages.md, "Verdicts").
/// A hazard is either a problem of sharing the package from the base (what the analyzers report when the code is
/// analysed as Shared: its statics and name look-ups answer for every module), of loading it per module (what they
/// report for Module code: its subscriptions and loads pin the module's context), or process-wide (it changes or ends
/// the process wherever it is loaded).
/// </summary>
public static class VerdictRules
{
    public enum HazardKind
    {
        Sharing,
        PerModuleLoading,
        ProcessWide,
    }

    public static HazardKind KindOf(string ruleId) => ruleId switch
    {
        "KPL1003" or "KPL1004" => HazardKind.ProcessWide,
        "KPL2002" => HazardKind.PerModuleLoading,
        _ when ruleId.StartsWith("KPL3", System.StringComparison.Ordinal) => HazardKind.PerModuleLoading,
        _ => HazardKind.Sharing,
    };

    /// <summary>The kind of one finding: from the role its code was analysed in; by rule for findings without one (older reports).</summary>
    public static HazardKind KindOf(PackageFinding finding) => finding.Role switch
    {
        _ when KindOf(finding.RuleId) == HazardKind.ProcessWide => HazardKind.ProcessWide,
        "Shared" => HazardKind.Sharing,
        "Module" => HazardKind.PerModuleLoading,
        _ => KindOf(finding.RuleId),
    };

    public static void Apply(PackageResult package, IReadOnlyList<AdapterEntry> adapters)
    {
        package.FamilyCounts.Clear();
        foreach (var group in package.Findings.GroupBy(f => f.Family))
        {
            package.FamilyCounts[group.Key] = group.Count();
        }

        if (package.ProvidedBy is not null && package.Findings.Count == 0)
        {
            // Not deployed: modules run the framework's copy from the default context, as every app on it does.
            package.Verdict = Verdicts.Compatible;
            package.Placement = Placements.Shared;
            return;
        }

        if (!package.Scanned)
        {
            package.Verdict = Verdicts.NeedsReview;
            package.Placement = Placements.Unknown;
            return;
        }

        var uncoveredKinds = package.Findings.Where(f => !adapters.Any(a => a.CoversRule(f.RuleId))).Select(KindOf).Distinct().ToList();
        if (!package.Complete && uncoveredKinds.Count == 0)
        {
            // Part of the package was not read: the absence of (uncovered) findings proves nothing.
            package.Verdict = Verdicts.NeedsReview;
            package.Placement = Placements.Unknown;
            return;
        }

        if (package.Findings.Count == 0)
        {
            package.Verdict = Verdicts.Compatible;
            package.Placement = Placements.Anywhere;
            return;
        }

        var uncovered = uncoveredKinds;
        if (uncovered.Count == 0)
        {
            package.Verdict = Verdicts.CompatibleWithAdapter;
            package.Placement = Placements.Anywhere;
            return;
        }

        var sharing = uncovered.Contains(HazardKind.Sharing);
        var perModule = uncovered.Contains(HazardKind.PerModuleLoading);
        if (uncovered.Contains(HazardKind.ProcessWide) || (sharing && perModule))
        {
            package.Verdict = Verdicts.Incompatible;
            package.Placement = Placements.Nowhere;
            return;
        }

        package.Verdict = Verdicts.NeedsReview;
        package.Placement = sharing ? Placements.PerModule : Placements.Shared;
    }
}
