using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;

namespace Koupleless.Cli.Terminal;

/// <summary>The few lines printed to stdout after a scan: counts, problems, and where the reports are.</summary>
public static class ConsoleSummary
{
    public static void Write(TextWriter output, ScanReport report, IReadOnlyList<string> files)
    {
        var c = report.Counts;
        var scanned = report.Projects.Count(p => p.Status is ProjectStatus.Analyzed or ProjectStatus.CompileErrors);
        output.WriteLine($"Scanned {scanned} project(s) in {report.DurationSeconds:0.0}s: {c.Active} finding(s)"
            + $" ({Count(c, "error")} error, {Count(c, "warning")} warning, {Count(c, "note")} note; {c.Suppressed} suppressed, {c.Baselined} in baseline).");
        foreach (var family in RuleFamilies.Ordered)
        {
            if (c.ByFamily.TryGetValue(family, out var n))
            {
                output.WriteLine($"  {RuleFamilies.Title(family)}: {n}");
            }
        }

        foreach (var failure in report.Failures)
        {
            output.WriteLine($"  not scanned [{failure.Stage}] {failure.Project ?? failure.Path}: {failure.Message}");
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine($"  note [{note.Stage}] {note.Project ?? note.Path}: {(note.Code is null ? string.Empty : note.Code + ": ")}{note.Message}");
        }

        foreach (var file in files)
        {
            output.WriteLine($"Wrote {file}");
        }
    }

    private static int Count(ReportCounts counts, string level) => counts.ByLevel.TryGetValue(level, out var n) ? n : 0;
}
