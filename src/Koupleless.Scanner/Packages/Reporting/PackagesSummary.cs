using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Packages.Model;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>The summary every human-readable format leads with: which packages are clean, which must not be shared, ...</summary>
public static class PackagesSummary
{
    /// <summary>Evidence rows shown per package in Markdown/HTML (the JSON and SARIF reports list every finding).</summary>
    public const int EvidencePerPackage = 25;

    public static IEnumerable<(string Title, string Explanation, List<PackageResult> Packages)> Groups(PackagesReport report)
    {
        yield return ("Incompatible", "hazardous wherever they are loaded (they change or end the process, or are unsafe both shared and per module) and no adapter covers it", With(report, p => p.Verdict == Verdicts.Incompatible));
        yield return ("Block sharing: load per module", "their static state or name look-ups would be shared by every module if the base shared them; each module must load its own copy", With(report, p => p.Placement == Placements.PerModule));
        yield return ("Must be shared by the base", "loaded per module they pin the module's load context (subscriptions, timers, loads outside the context)", With(report, p => p.Placement == Placements.Shared && p.ProvidedBy is null));
        yield return ("Compatible with an adapter", "every hazard found is covered by a matching adapter entry: apply it", With(report, p => p.Verdict == Verdicts.CompatibleWithAdapter));
        yield return ("Not scanned", "the package could not be read; see its problems", With(report, p => !p.Scanned));
        yield return ("Provided by the shared framework", "the framework the app runs on replaces them (its PackageOverrides.txt): never deployed, not judged; modules use the framework's copy", With(report, p => p.ProvidedBy is not null));
        yield return ("Clean", "no hazard found in their compiled code: safe to share or load per module", With(report, p => p.Verdict == Verdicts.Compatible && p.ProvidedBy is null));
    }

    /// <summary>"App/App.csproj (net8.0, net10.0); Lib/Lib.csproj (net10.0)": who restores the package; empty for a --list scan.</summary>
    /// <summary>The decompiled line a finding was reported on, trimmed, or null when the report has no snippet.</summary>
    public static string? JudgedLine(PackageFinding finding)
        => finding is { Snippet: { } lines, SnippetStartLine: { } first, DecompiledLine: { } line } && line - first >= 0 && line - first < lines.Count
            ? lines[line - first].Trim()
            : null;

    public static string UsedBy(PackageResult package)
        => package.UsedBy is null
            ? string.Empty
            : string.Join("; ", package.UsedBy.GroupBy(u => u.Project, System.StringComparer.Ordinal).Select(g => $"{g.Key} ({string.Join(", ", g.Select(u => u.Framework))})"));

    public static Dictionary<string, int> VerdictCounts(PackagesReport report)
        => Verdicts.Ordered.ToDictionary(v => v, v => report.Packages.Count(p => p.Verdict == v));

    private static List<PackageResult> With(PackagesReport report, System.Func<PackageResult, bool> predicate) => report.Packages.Where(predicate).ToList();
}
