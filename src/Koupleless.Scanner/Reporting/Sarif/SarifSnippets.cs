using System.Collections.Generic;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.Sarif;

/// <summary>
/// The source text a SARIF result carries, from the lines the scan kept around each finding (<see cref="Finding.Snippet"/>):
/// the region's own text (<c>region.snippet</c>) and the surrounding lines (<c>contextRegion</c>), so a viewer without
/// the checkout (a PR comment, the SARIF viewer on another machine) still shows the code. Each is left out when the
/// kept lines do not cover it: SARIF requires the context region to contain the region.
/// </summary>
public static class SarifSnippets
{
    /// <summary>The text between the finding's start and end (1-based lines, 1-based columns, end column exclusive), or null.</summary>
    public static string? RegionText(Finding finding)
    {
        if (!Covers(finding, out var lines))
        {
            return null;
        }

        var endLine = EndLine(finding);
        var parts = new List<string>();
        for (var line = finding.Line; line <= endLine; line++)
        {
            var text = lines[line - finding.SnippetStartLine];
            var from = line == finding.Line ? finding.Column - 1 : 0;
            var to = line == endLine ? finding.EndColumn - 1 : text.Length;
            if (from < 0 || to < from || to > text.Length)
            {
                return null;
            }

            parts.Add(text[from..to]);
        }

        return string.Join("\n", parts);
    }

    /// <summary>The kept lines as whole-line region with their text, or null.</summary>
    public static SarifRegion? ContextRegion(Finding finding)
        => Covers(finding, out var lines)
            ? new SarifRegion
            {
                StartLine = finding.SnippetStartLine,
                EndLine = finding.SnippetStartLine + lines.Count - 1,
                Snippet = new SarifArtifactContent { Text = string.Join("\n", lines) },
            }
            : null;

    private static int EndLine(Finding finding) => finding.EndLine >= finding.Line ? finding.EndLine : finding.Line;

    private static bool Covers(Finding finding, out IReadOnlyList<string> lines)
    {
        lines = finding.Snippet ?? System.Array.Empty<string>();
        return finding.Line > 0
            && lines.Count > 0
            && finding.SnippetStartLine > 0
            && finding.Line >= finding.SnippetStartLine
            && EndLine(finding) <= finding.SnippetStartLine + lines.Count - 1;
    }
}
