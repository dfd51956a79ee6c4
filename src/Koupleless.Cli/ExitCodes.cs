namespace Koupleless.Cli;

/// <summary>The process exit codes, documented in README.md ("Exit codes"). CI scripts rely on them.</summary>
public static class ExitCodes
{
    /// <summary>Scanned everything; no finding at or above --fail-on.</summary>
    public const int Clean = 0;

    /// <summary>At least one active finding (not suppressed, not in the baseline) at or above --fail-on.</summary>
    public const int Findings = 1;

    /// <summary>Bad command line or input: unknown option, nonexistent path, unreadable --catalog or --baseline.</summary>
    public const int UsageError = 2;

    /// <summary>Some projects could not be restored, loaded, compiled or analysed; the report covers the rest and lists why.</summary>
    public const int Incomplete = 3;
}
