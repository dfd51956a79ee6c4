using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Koupleless.Scanner.Reporting.Html;

/// <summary>A horizontal bar chart as inline SVG: no script, no network, readable in any browser or e-mail client.</summary>
public static class SvgBarChart
{
    public sealed record Bar(string Label, int Value, string Color);

    public static string Render(string title, IReadOnlyList<Bar> bars, int width = 560)
    {
        const int rowHeight = 26;
        const int labelWidth = 210;
        const int top = 28;
        var height = top + (bars.Count * rowHeight) + 8;
        var max = bars.Count == 0 ? 1 : System.Math.Max(1, bars.Max(b => b.Value));
        var plotWidth = width - labelWidth - 60;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append("<title>").Append(HtmlText.Escape(title)).Append("</title>");
        svg.Append("<text x=\"0\" y=\"18\" class=\"chart-title\">").Append(HtmlText.Escape(title)).Append("</text>");
        if (bars.Count == 0)
        {
            svg.Append("<text x=\"0\" y=\"46\">no findings</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + (i * rowHeight);
            var length = bar.Value == 0 ? 0 : System.Math.Max(2, (int)System.Math.Round(plotWidth * (double)bar.Value / max));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{HtmlText.Escape(Shorten(bar.Label, 30))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{length}\" height=\"18\" fill=\"{HtmlText.Escape(bar.Color)}\"><title>{HtmlText.Escape(bar.Label)}: {bar.Value}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + length + 6}\" y=\"{y + 17}\">{bar.Value}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : "…" + text[^(max - 1)..];
}
