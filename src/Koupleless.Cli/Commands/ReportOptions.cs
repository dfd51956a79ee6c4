using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting;

namespace Koupleless.Cli.Commands;

/// <summary>
/// The report and gating options every scanning command shares (--format, --output, --fail-on, -v, --github), so each
/// command offers them the same way. Add them with <see cref="AddTo"/>, read them with the Get methods.
/// </summary>
public sealed class ReportOptions
{
    public static readonly string[] DefaultFormats = { "sarif", "json", "md", "html" };

    public Option<string[]> Format { get; } = new("--format", "-f")
    {
        Description = "Report format(s) to write: sarif, json, md, html (repeatable; default: all four).",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "Directory the reports are written to (created if missing).",
        DefaultValueFactory = _ => "koupleless-report",
    };

    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit with 1 when an active finding is at or above this level: error, warning, note or none.",
        DefaultValueFactory = _ => "error",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show details: load warnings, restore commands, each project as it finishes.",
    };

    public Option<bool> GitHub { get; } = new("--github")
    {
        Description = "Also print the active findings as GitHub Actions annotations (workflow commands) to stdout, for pull-request checks.",
    };

    public ReportOptions()
    {
        Format.AcceptOnlyFromAmong(ReportWriters.Formats.ToArray());
        FailOn.AcceptOnlyFromAmong("error", "warning", "note", "none");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
        command.Options.Add(Verbose);
        command.Options.Add(GitHub);
    }

    public IReadOnlyList<IReportWriter> GetWriters(ParseResult result)
    {
        var formats = result.GetValue(Format) is { Length: > 0 } requested ? requested : DefaultFormats;
        return formats.Distinct(StringComparer.OrdinalIgnoreCase).Select(f => ReportWriters.Find(f)!).ToList();
    }

    public FindingLevel GetFailOn(ParseResult result) => ParseLevel(result.GetValue(FailOn) ?? "error");

    public static FindingLevel ParseLevel(string level) => level.ToLowerInvariant() switch
    {
        "error" => FindingLevel.Error,
        "warning" => FindingLevel.Warning,
        "note" => FindingLevel.Note,
        _ => FindingLevel.None,
    };

    /// <summary>Whether any active finding reaches <paramref name="failOn"/> (never with "none").</summary>
    public static bool Fails(ScanReport report, FindingLevel failOn)
        => failOn != FindingLevel.None && report.Findings.Any(f => f.IsActive && f.Level >= failOn);
}
