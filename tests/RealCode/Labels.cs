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
/// <c>noise</c> rows are places a finding is wrong.
/// </summary>
internal sealed class Labels
{
    public const string Header = "library\trule\tpath\tline\tverdict\treason";

    private readonly Dictionary<LabelKey, Label> _byKey;

    private Labels(List<Label> rows)
    {
        Rows = rows;
        _byKey = new Dictionary<LabelKey, Label>();
        foreach (var row in rows)
        {
            _byKey[row.Key] = row;
        }
    }

    public IReadOnlyList<Label> Rows { get; }

    public static Labels Load(string path)
    {
        var rows = new List<Label>();
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

            rows.Add(new Label(new LabelKey(cells[0], cells[1], cells[2], Fingerprints.Normalize(cells[3])), cells[4] == "hazard", cells[5], lineNumber));
        }

        return new Labels(rows);
    }

    public Label? Find(LabelKey key) => _byKey.GetValueOrDefault(key);

    public static string Escape(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}

internal readonly record struct LabelKey(string Library, string Rule, string Path, string Line);

internal sealed record Label(LabelKey Key, bool IsHazard, string Reason, int LineNumber);
