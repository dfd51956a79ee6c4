using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;
using Koupleless.Scanner.Reporting.Json;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// What `koupleless fix --report FILE` writes: the run's <see cref="FixResult"/> as JSON for CI (docs/fix.md, "Report
/// file") — counts before and after, findings fixed per rule, each undone fix with its reason and new compiler errors,
/// the changed files (relative paths; not their text) and the load or analysis problems.
/// </summary>
public sealed record FixReport
{
    public int SchemaVersion { get; init; } = 1;

    public required ToolInfo Tool { get; init; }

    /// <summary>The solution, project or folder that was fixed, as given.</summary>
    public required string Target { get; init; }

    /// <summary>True when nothing was written (--dry-run): the files list what would change.</summary>
    public required bool DryRun { get; init; }

    public required int ProjectsAnalyzed { get; init; }

    public required int FindingsBefore { get; init; }

    public required int FindingsAfter { get; init; }

    public required IReadOnlyDictionary<string, int> FixedPerRule { get; init; }

    public required IReadOnlyList<RevertedFix> Reverted { get; init; }

    public required IReadOnlyList<FixedFile> Files { get; init; }

    public required IReadOnlyList<ScanFailure> Failures { get; init; }

    public static FixReport From(FixResult result, string target, bool dryRun) => new()
    {
        Tool = ScanEngine.Tool,
        Target = target,
        DryRun = dryRun,
        ProjectsAnalyzed = result.ProjectsAnalyzed,
        FindingsBefore = result.FindingsBefore,
        FindingsAfter = result.FindingsAfter,
        FixedPerRule = new SortedDictionary<string, int>(result.FixedPerRule.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        Reverted = result.Reverted,
        Files = result.Files.Select(f => new FixedFile(f.RelativePath, Added: f.Before is null)).ToList(),
        Failures = result.Failures,
    };

    /// <summary>Writes the report, creating the folder; the caller reports an I/O error as a failure of the run.</summary>
    public void WriteTo(string path) => OutputFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonReportWriter.Options));

    public static FixReport? Read(string json) => JsonSerializer.Deserialize<FixReport>(json, JsonReportWriter.Options);
}

/// <summary>A source file a kept fix changed (or added: <paramref name="Added"/>), relative to the fixed target's folder.</summary>
public sealed record FixedFile(string Path, bool Added);
