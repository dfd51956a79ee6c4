using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Scanner.Baselines;

namespace Koupleless.RealCode;

/// <summary>
/// labels.tsv: what a person decided, one row per place. A row is found again by library, rule, file and the text of
/// the line (white space normalised, as the scanner's fingerprints do), so it survives line moves.
/// <c>hazard</c> rows are real hazards (a finding there is right; a hazard no finding reaches is a miss);
/// <c>noise</c> rows are places a finding is wrong. Several files combine (labels-parity.tsv adds the package tags'
/// rows to labels.tsv); a later file's row replaces an earlier one with the same key.
/// </summary>
internal sealed class Labels
{
    public const string Header = "library\trule\tpath\tline\tverdict\treason";

    private readonly Dictionary<LabelKey, Label> _byKey;

    private Labels(IReadOnlyList<List<Label>> files)
    {
        // Within one file two rows may share a key (the same line text at two places: two hazards); across files the
        // later row replaces the earlier.
        Rows = files.SelectMany((rows, i) => rows.Where(r => !files.Skip(i + 1).Any(later => later.Any(l => l.Key == r.Key)))).ToList();
        _byKey = new Dictionary<LabelKey, Label>();
        foreach (var row in Rows)
        {
            _byKey[row.Key] = row;
        }
    }

    public IReadOnlyList<Label> Rows { get; }

    public static Labels Load(IEnumerable<string> paths)
        => new(paths.Select(p => Read(p).ToList()).ToList());

    private static IEnumerable<Label> Read(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < 6 || cells[4] is not ("hazard" or "noise"))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 6 tab-separated cells ({Header}) with verdict hazard or noise");
            }

            yield return new Label(new LabelKey(cells[0], cells[1], cells[2], Fingerprints.Normalize(cells[3])), cells[4] == "hazard", cells[5], $"{Path.GetFileName(path)}:{lineNumber}");
        }
    }

    public Label? Find(LabelKey key) => _byKey.GetValueOrDefault(key);

    public static string Escape(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}

internal readonly record struct LabelKey(string Library, string Rule, string Path, string Line);

/// <param name="Origin">The file name and line of the row (labels.tsv:42), for the reader of a report.</param>
internal sealed record Label(LabelKey Key, bool IsHazard, string Reason, string Origin);
