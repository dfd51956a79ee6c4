using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Koupleless.Scanner.Reporting.Html;

/// <summary>
/// A few lines of code in a report — a source finding's lines, or the decompiled lines a package finding was judged
/// on — numbered, dedented, the finding's own line marked. Both HTML reports write code through here.
/// </summary>
public static class HtmlCode
{
    /// <summary>The style of <see cref="Write"/>'s blocks (a fixed-layout cell scrolls a long line instead of widening).</summary>
    public const string Css =
        "pre.code{background:#f8f9fa;border:1px solid #e9ecef;margin:6px 0 0;padding:4px 0;overflow:auto;font-size:12px}pre.code .ln{display:block;padding:0 8px}"
        + "pre.code .ln i{display:inline-block;width:4em;color:#adb5bd;font-style:normal}pre.code .hit{background:#fff3bf}";

    public static void Write(TextWriter w, IReadOnlyList<string> lines, int firstLine, int? markedLine)
    {
        var indent = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Length - l.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        w.Write("<pre class=\"code\">");
        for (var i = 0; i < lines.Count; i++)
        {
            var lineNumber = firstLine + i;
            var mark = lineNumber == markedLine ? " hit" : string.Empty;
            var text = lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart();
            // Block spans only: a newline between them would be a second, empty line inside the pre.
            w.Write($"<span class=\"ln{mark}\"><i>{lineNumber}</i>{HtmlText.Escape(text)}</span>");
        }

        w.Write("</pre>");
    }
}
