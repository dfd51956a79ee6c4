using System.IO;
using System.Linq;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.GitHub;

/// <summary>
/// `koupleless scan --github`: the active findings as GitHub Actions annotations on stdout, so a pull request shows
/// each one on its line of the diff. Errors first, then warnings, then notes; suppressed and baselined findings never.
/// </summary>
public static class GitHubAnnotations
{
    public static void Write(ScanReport report, TextWriter output, string workspace)
    {
        var rules = report.Rules.ToDictionary(r => r.Id, r => r.Title);
        var active = report.Findings
            .Where(f => f.IsActive && f.Level != FindingLevel.None)
            .OrderByDescending(f => f.Level)
            .ThenBy(f => f.Path, System.StringComparer.Ordinal)
            .ThenBy(f => f.Line);
        var (shown, omitted) = WorkflowCommand.FirstOfEachKind(active, f => Kind(f.Level));
        foreach (var f in shown)
        {
            var title = rules.TryGetValue(f.RuleId, out var ruleTitle) ? $"{f.RuleId}: {ruleTitle}" : f.RuleId;
            var file = f.Path is null ? null : WorkflowCommand.FilePath(Path.GetFullPath(f.Path, report.RootDirectory), workspace);
            var hasLine = file is not null && f.Line > 0;
            output.WriteLine(WorkflowCommand.Annotation(
                Kind(f.Level),
                f.Message,
                ("file", file),
                ("line", hasLine ? f.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("endLine", hasLine && f.EndLine >= f.Line ? f.EndLine.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("col", hasLine && f.Column > 0 ? f.Column.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("endColumn", hasLine && f.EndLine == f.Line && f.EndColumn > 0 ? f.EndColumn.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("title", title)));
        }

        if (omitted > 0)
        {
            output.WriteLine($"koupleless: {omitted} more finding(s) not annotated (GitHub shows {WorkflowCommand.ShownPerKind} of each kind per step); they are in the reports.");
        }
    }

    private static string Kind(FindingLevel level) => level switch
    {
        FindingLevel.Error => WorkflowCommand.Error,
        FindingLevel.Warning => WorkflowCommand.Warning,
        _ => WorkflowCommand.Notice,
    };
}
