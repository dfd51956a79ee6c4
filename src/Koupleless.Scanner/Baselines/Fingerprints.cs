using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Baselines;

/// <summary>
/// Fingerprints that survive edits elsewhere in a file: SHA-256 of rule ID, relative path, the finding's line text
/// with white space normalised, and the occurrence index among findings with those same three values (so two
/// identical lines in one file stay distinct). Line numbers are deliberately not part of it.
/// </summary>
public static class Fingerprints
{
    public static string Compute(string ruleId, string? path, string normalizedLine, int occurrence)
    {
        var input = string.Join('\n', ruleId, path ?? string.Empty, normalizedLine, occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    /// <summary>Trims and collapses runs of white space, so re-indenting a line keeps its fingerprint.</summary>
    public static string Normalize(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Assigns fingerprints to findings (in file order) given each finding's line text.
    /// Returns the findings with <see cref="Finding.Fingerprint"/> set.
    /// </summary>
    public static List<Finding> Assign(IEnumerable<(Finding Finding, string LineText)> findings)
    {
        var occurrences = new Dictionary<(string, string?, string), int>();
        var result = new List<Finding>();
        foreach (var (finding, lineText) in findings
            .OrderBy(p => p.Finding.Path, StringComparer.Ordinal)
            .ThenBy(p => p.Finding.Line)
            .ThenBy(p => p.Finding.Column)
            .ThenBy(p => p.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(p => p.Finding.Message, StringComparer.Ordinal))
        {
            var normalized = Normalize(lineText);
            var key = (finding.RuleId, finding.Path, normalized);
            occurrences.TryGetValue(key, out var index);
            occurrences[key] = index + 1;
            result.Add(finding with { Fingerprint = Compute(finding.RuleId, finding.Path, normalized, index) });
        }

        return result;
    }
}
