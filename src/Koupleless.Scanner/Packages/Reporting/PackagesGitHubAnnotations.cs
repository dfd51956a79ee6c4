using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.GitHub;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>
/// `koupleless packages --github`: one GitHub Actions annotation per package that needs attention (an error for an
/// incompatible one, a warning for one that needs review or could not be read, a notice for one that needs its
/// adapter). A package is no file of the repository, so the annotations belong to the run, not to a line.
/// </summary>
public static class PackagesGitHubAnnotations
{
    public static void Write(PackagesReport report, TextWriter output)
    {
        var needing = report.Packages
            .Select(p => (Package: p, Kind: Kind(p)))
            .Where(p => p.Kind is not null)
            .OrderBy(p => p.Kind == WorkflowCommand.Error ? 0 : p.Kind == WorkflowCommand.Warning ? 1 : 2)
            .ThenBy(p => p.Package.Id, System.StringComparer.OrdinalIgnoreCase);
        var (shown, omitted) = WorkflowCommand.FirstOfEachKind(needing, p => p.Kind!);
        foreach (var (package, kind) in shown)
        {
            output.WriteLine(WorkflowCommand.Annotation(kind!, Message(package), ("title", $"Koupleless: {package.Id} {package.Version} - {Verdicts.Title(package.Verdict).ToLowerInvariant()}")));
        }

        if (omitted > 0)
        {
            output.WriteLine($"koupleless: {omitted} more package(s) not annotated (GitHub shows {WorkflowCommand.ShownPerKind} of each kind per step); they are in the reports.");
        }
    }

    private static string? Kind(PackageResult package)
        => !package.Scanned || package.Verdict == Verdicts.NeedsReview ? WorkflowCommand.Warning
            : package.Verdict == Verdicts.Incompatible ? WorkflowCommand.Error
            : package.Verdict == Verdicts.CompatibleWithAdapter ? WorkflowCommand.Notice
            : null;

    /// <summary>What was found (hazards per family, problems), then the adapters or the first evidence to act on.</summary>
    private static string Message(PackageResult package)
    {
        var families = RuleFamilies.Ordered
            .Where(f => package.FamilyCounts.TryGetValue(f, out var n) && n > 0)
            .Select(f => $"{package.FamilyCounts[f]} {RuleFamilies.Title(f)}");
        var lines = new System.Collections.Generic.List<string> { $"{package.Id} {package.Version}: {Verdicts.Title(package.Verdict).ToLowerInvariant()}, placement {package.Placement}; hazards: {string.Join(", ", families.DefaultIfEmpty("none"))}." };
        lines.AddRange(package.Problems.Select(p => "Problem: " + p));
        lines.AddRange(package.Adapters.Select(a => "Adapter: " + (a.AdapterPackage is null ? a.Guidance : $"{a.AdapterPackage} {a.AdapterVersion}. {a.Guidance}")));
        if (package.Adapters.Count == 0)
        {
            lines.AddRange(package.Findings.Take(3).Select(f => $"{f.RuleId} in {f.Type}.{f.Member}: {f.Message}"));
        }

        return string.Join("\n", lines);
    }
}
