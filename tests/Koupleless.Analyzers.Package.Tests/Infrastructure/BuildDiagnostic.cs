using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Koupleless.Analyzers.Package.Tests.Infrastructure;

/// <summary>One KPL line of an MSBuild log: <c>origin: warning KPL1003: message [project]</c>.</summary>
public sealed record BuildDiagnostic(string Origin, string Severity, string Id, string Message, string Project)
{
    private static readonly Regex Line = new(
        @"^\s*(?<origin>.*?): (?<severity>warning|error) (?<id>KPL\d{4}): (?<message>.*?)(?: \[(?<project>[^\]]+)\])?\s*$",
        RegexOptions.Compiled);

    /// <summary>The file name of the origin, without directory and position ("Hazards.cs").</summary>
    public string FileName => Path.GetFileName(Regex.Replace(Origin, @"\(\d+(,\d+)*\)$", string.Empty));

    /// <summary>The line of the origin, or 0 when the diagnostic has no position.</summary>
    public int LineNumber => Regex.Match(Origin, @"\((\d+)(,\d+)*\)$") is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0;

    public string ProjectName => Path.GetFileNameWithoutExtension(Project);

    public static IReadOnlyList<BuildDiagnostic> Parse(string log)
        => log.Split('\n')
            .Select(l => Line.Match(l.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new BuildDiagnostic(m.Groups["origin"].Value, m.Groups["severity"].Value, m.Groups["id"].Value,
                m.Groups["message"].Value, m.Groups["project"].Value))
            .Distinct()
            .ToList();
}
