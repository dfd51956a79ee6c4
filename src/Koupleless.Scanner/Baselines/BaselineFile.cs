using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Baselines;

/// <summary>
/// A baseline: the fingerprints of findings accepted for now (--write-baseline writes it, --baseline reads it).
/// Findings whose fingerprint is listed are reported as "unchanged" and do not fail the build.
/// </summary>
public sealed class BaselineFile
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public string Tool { get; init; } = "koupleless";

    public List<BaselineEntry> Findings { get; init; } = new();

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The active and baselined findings of a report (suppressed ones need no baseline).</summary>
    public static BaselineFile From(ScanReport report) => new()
    {
        Findings = report.Findings
            .Where(f => f.Suppression is null)
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, f.Path))
            .ToList(),
    };

    public void Write(string path) => Reporting.OutputFile.WriteAllText(path, JsonSerializer.Serialize(this, Options));

    /// <summary>Reads a baseline; throws <see cref="ScanInputException"/> naming the file and the problem.</summary>
    public static IReadOnlySet<string> ReadFingerprints(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScanInputException($"baseline '{path}' cannot be read: {ex.Message}");
        }

        BaselineFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BaselineFile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ScanInputException($"baseline '{path}' is not a koupleless baseline (JSON error at line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split('.')[0]}).");
        }

        if (file is null || file.Version != CurrentVersion || file.Findings is null)
        {
            throw new ScanInputException($"baseline '{path}' is not a version-{CurrentVersion} koupleless baseline; write a new one with --write-baseline.");
        }

        return file.Findings.Where(f => !string.IsNullOrEmpty(f.Fingerprint)).Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
    }
}

public sealed record BaselineEntry(string Fingerprint, string? RuleId, string? Path);
