namespace Koupleless.Cli;

/// <summary>The process exit codes, documented in README.md ("Exit codes"). CI scripts rely on them.</summary>
public static class ExitCodes
{
    /// <summary>Scanned everything; no finding at or above --fail-on (scan). Fixed what could be fixed (fix).</summary>
    public const int Clean = 0;

    /// <summary>At least one active finding (not suppressed, not in the baseline) at or above --fail-on; for verify, a copy of the module stayed loaded.</summary>
    public const int Findings = 1;

    /// <summary>Bad command line or input: unknown option, nonexistent path, unreadable --catalog or --baseline, reports of different runs given to merge, a rule ID in fix --diagnostics that no analyzer declares.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Some projects could not be restored, loaded, compiled or analysed (scan), some packages could not be read
    /// (packages, merge), shards are missing (merge), or no project was loaded (fix); the module did not build, an entry
    /// threw or the module ended the host process (verify); the report covers the rest and lists why. Takes precedence
    /// over <see cref="Findings"/>. Warnings logged while loading are notes, never this.
    /// </summary>
    public const int Incomplete = 3;
}
