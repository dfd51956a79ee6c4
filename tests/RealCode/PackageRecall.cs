using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Baselines;

namespace Koupleless.RealCode;

/// <summary>
/// Recall of the package path at a package's version. The labels were written for several commits (labels.tsv for the
/// benchmark's, labels-parity.tsv for the package tags), so a hazard row counts only where it applies: its file at the
/// tag holds its line text (normalised as the labels are). A counted row that no package finding reaches — through the
/// pairing with the source finding at that line — is a miss.
/// </summary>
internal static class PackageRecall
{
    public static IReadOnlyList<Label> HazardsAt(string checkout, IEnumerable<Label> rows)
    {
        var files = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        return rows.Where(r => r.IsHazard && LinesOf(checkout, r.Key.Path, files).Contains(r.Key.Line)).ToList();
    }

    private static HashSet<string> LinesOf(string checkout, string path, Dictionary<string, HashSet<string>> files)
    {
        if (!files.TryGetValue(path, out var lines))
        {
            var file = Path.Combine(checkout, path);
            lines = File.Exists(file) ? File.ReadLines(file).Select(Fingerprints.Normalize).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
            files[path] = lines;
        }

        return lines;
    }
}
