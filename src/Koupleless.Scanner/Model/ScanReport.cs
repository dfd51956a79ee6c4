using System;
using System.Collections.Generic;

namespace Koupleless.Scanner.Model;

/// <summary>
/// The result of one scan: what every report format renders. Its JSON form is the versioned schema documented
/// in docs/report-schema.md (bump <see cref="CurrentSchemaVersion"/> on any breaking change).
/// </summary>
public sealed class ScanReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required ToolInfo Tool { get; init; }

    /// <summary>What was scanned, as given on the command line (relative to <see cref="RootDirectory"/> when inside it).</summary>
    public required string Target { get; init; }

    /// <summary>Absolute directory that every relative path in the report is relative to (SARIF's SRCROOT).</summary>
    public required string RootDirectory { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; init; }

    public IReadOnlyList<RuleInfo> Rules { get; init; } = Array.Empty<RuleInfo>();

    public IReadOnlyList<ProjectResult> Projects { get; init; } = Array.Empty<ProjectResult>();

    public IReadOnlyList<Finding> Findings { get; init; } = Array.Empty<Finding>();

    public IReadOnlyList<ScanFailure> Failures { get; init; } = Array.Empty<ScanFailure>();

    /// <summary>What MSBuild reported while loading projects that still loaded (restore and SDK warnings): shown, never "not scanned".</summary>
    public IReadOnlyList<ScanNote> Notes { get; init; } = Array.Empty<ScanNote>();

    public required ReportCounts Counts { get; init; }

    /// <summary>The baseline file compared against, when one was given.</summary>
    public string? Baseline { get; init; }
}

public sealed record ToolInfo(string Name, string Version, string InformationUri);

/// <summary>A rule as the report describes it (SARIF tool.driver.rules).</summary>
public sealed record RuleInfo(
    string Id,
    string Title,
    string Description,
    string Category,
    string Family,
    FindingLevel DefaultLevel,
    string? HelpUri);

public sealed record ProjectResult(
    string Name,
    string Path,
    string Role,
    string? TargetFramework,
    int Documents,
    int Findings,
    ProjectStatus Status);

public enum ProjectStatus
{
    /// <summary>Loaded, compiled without errors, analysed.</summary>
    Analyzed,

    /// <summary>Analysed, but the compilation had errors: findings may be incomplete.</summary>
    CompileErrors,

    /// <summary>Could not be loaded or analysed: no findings.</summary>
    Failed,

    /// <summary>Excluded by --exclude/--include.</summary>
    Skipped,
}

public sealed record Finding
{
    public required string RuleId { get; init; }

    public required FindingLevel Level { get; init; }

    public required string Message { get; init; }

    /// <summary>Path relative to the report's root, forward slashes; absolute when the file lies outside it; null for project-wide findings.</summary>
    public string? Path { get; init; }

    /// <summary>1-based; 0 when the finding has no source position.</summary>
    public int Line { get; init; }

    public int Column { get; init; }

    public int EndLine { get; init; }

    public int EndColumn { get; init; }

    public required string Project { get; init; }

    public required string Family { get; init; }

    public required string Category { get; init; }

    /// <summary>Stable across line moves: see docs/report-schema.md ("Fingerprints").</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Null when active; "inSource" when #pragma or [SuppressMessage] suppresses it.</summary>
    public string? Suppression { get; init; }

    /// <summary>Null without --baseline; otherwise "new" or "unchanged".</summary>
    public string? BaselineState { get; init; }

    /// <summary>The source lines around the finding (at most three), for excerpts.</summary>
    public IReadOnlyList<string>? Snippet { get; init; }

    public int SnippetStartLine { get; init; }

    /// <summary>
    /// KPL3010 in Shared or Base code: the members a module calls that hand its types to the cache, for
    /// `scan --emit-catalog` (docs/catalog.md, "From a scan of the base"); null for every other finding.
    /// </summary>
    public SharedCacheEntry? SharedCache { get; init; }

    /// <summary>Counts towards --fail-on and the summary: neither suppressed nor already in the baseline.</summary>
    public bool IsActive => Suppression is null && BaselineState != "unchanged";
}

/// <param name="EntryPoints">Documentation-comment IDs of the members modules call (catalog IDs).</param>
/// <param name="Cache">The cache in words (the reason of an emitted catalog line).</param>
public sealed record SharedCacheEntry(IReadOnlyList<string> EntryPoints, string Cache);

/// <summary>Something the scan could not do (a project that did not load, a file that could not be read).</summary>
public sealed record ScanFailure(string Stage, string? Project, string? Path, string Message);

/// <summary>
/// Something reported while scanning that did not keep code from being scanned, such as a restore warning (Code "NU1603")
/// or an SDK warning logged while MSBuild loaded the project. Code is null when the message does not say.
/// </summary>
public sealed record ScanNote(string Stage, string? Project, string? Path, string Message, string? Code = null);

public sealed record ReportCounts(
    int Total,
    int Active,
    int Suppressed,
    int Baselined,
    IReadOnlyDictionary<string, int> ByLevel,
    IReadOnlyDictionary<string, int> ByFamily,
    IReadOnlyDictionary<string, int> ByRule,
    IReadOnlyDictionary<string, int> ByProject);
