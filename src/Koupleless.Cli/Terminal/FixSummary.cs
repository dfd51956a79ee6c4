using System.IO;
using System.Linq;
using DiffPlex.Renderer;
using Koupleless.Scanner.Fixing;

namespace Koupleless.Cli.Terminal;

/// <summary>What `koupleless fix` prints: the unified diff of a dry run, and the summary of what was fixed and undone.</summary>
public static class FixSummary
{
    /// <summary>One unified diff for all changed files, paths relative to the fixed folder (a/ and b/ as git writes them).</summary>
    public static void WriteDiff(TextWriter stdout, FixResult result)
    {
        foreach (var file in result.Files)
        {
            var oldName = file.Before is null ? "/dev/null" : "a/" + file.RelativePath;
            var diff = UnidiffRenderer.GenerateUnidiff(file.Before ?? string.Empty, file.After, oldName, "b/" + file.RelativePath, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
            stdout.Write(diff);
            if (!diff.EndsWith('\n'))
            {
                stdout.WriteLine();
            }
        }
    }

    public static void Write(TextWriter output, FixResult result, bool dryRun)
    {
        output.WriteLine($"koupleless fix: {result.ProjectsAnalyzed} project(s); Koupleless findings {result.FindingsBefore} before, {result.FindingsAfter} after.");
        foreach (var (rule, count) in result.FixedPerRule.OrderBy(p => p.Key, System.StringComparer.Ordinal))
        {
            output.WriteLine($"  fixed    {rule}  {count} finding(s)");
        }

        foreach (var reverted in result.Reverted)
        {
            output.WriteLine($"  reverted {reverted.RuleId}  {string.Join(", ", reverted.Files.Select(f => Path.GetFileName(f)))}: {reverted.Reason}");
            foreach (var error in reverted.NewErrors.Take(5))
            {
                output.WriteLine($"           {error}");
            }
        }

        var verb = dryRun ? "would change (dry run, nothing written)" : "changed";
        output.WriteLine($"{result.Files.Count} file(s) {verb}{(result.Files.Count == 0 ? "." : ":")}");
        foreach (var file in result.Files)
        {
            output.WriteLine($"  {file.RelativePath}{(file.Before is null ? " (new)" : string.Empty)}");
        }
    }
}
