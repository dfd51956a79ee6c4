using System.Collections.Generic;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Fixing;

/// <summary>What `koupleless fix` did: fixed findings per rule, fixes it reverted and why, counts, changed files.</summary>
public sealed record FixResult
{
    /// <summary>Findings the fixes removed, per rule ID (before minus after for that rule, never below zero).</summary>
    public required IReadOnlyDictionary<string, int> FixedPerRule { get; init; }

    public required IReadOnlyList<RevertedFix> Reverted { get; init; }

    /// <summary>Active Koupleless findings of the analysed projects before any fix and after the kept ones.</summary>
    public required int FindingsBefore { get; init; }

    public required int FindingsAfter { get; init; }

    /// <summary>The source files whose text changed (or that a kept fix added), before and after.</summary>
    public required IReadOnlyList<ChangedFile> Files { get; init; }

    /// <summary>Restore, load, compile or analysis problems; the fix covers the rest.</summary>
    public required IReadOnlyList<ScanFailure> Failures { get; init; }

    /// <summary>C# projects that were analysed and fixed.</summary>
    public required int ProjectsAnalyzed { get; init; }
}

/// <summary>A fix that was undone: the rule, the files it touched, and why (the compiler errors it added, or an added file no project compiles).</summary>
public sealed record RevertedFix(string RuleId, IReadOnlyList<string> Files, string Reason, IReadOnlyList<string> NewErrors);

/// <summary>One source file as it was and as the kept fixes leave it; <see cref="Before"/> is null for an added file.</summary>
public sealed record ChangedFile(string Path, string RelativePath, string? Before, string After);
