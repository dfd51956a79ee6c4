using System.Text;

namespace Koupleless.Scanner.Reporting.Html;

/// <summary>
/// Escaping for every piece of untrusted text an HTML report embeds (messages, paths, code, project names).
/// Findings quote source code, so a report must never turn a scanned "&lt;script&gt;" into markup.
/// </summary>
public static class HtmlText
{
    /// <summary>Escapes text for element content and for quoted attribute values (both quote kinds).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '`': builder.Append("&#96;"); break;
                default:
                    // Control characters other than tab/newline have no business in a report and can confuse parsers.
                    if (c < ' ' && c != '\t' && c != '\n' && c != '\r')
                    {
                        builder.Append("&#xFFFD;");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escaped text that may wrap only after one of <paramref name="breakAfter"/> (a <c>&lt;wbr&gt;</c> there): a path
    /// wraps after a '/', a type name after a '.', never in the middle of a name as CSS word-breaking would.
    /// </summary>
    public static string BreakAfter(string? text, string breakAfter)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 32);
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOfAny(breakAfter.ToCharArray(), start);
            end = end < 0 || end == text.Length - 1 ? text.Length : end + 1;
            builder.Append(Escape(text[start..end]));
            if (end < text.Length)
            {
                builder.Append("<wbr>");
            }

            start = end;
        }

        return builder.ToString();
    }

    /// <summary>A URL for an href: only http(s) and relative links survive; anything else (javascript:, data:) becomes "#".</summary>
    public static string SafeHref(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "#";
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith("https://", System.StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("http://", System.StringComparison.OrdinalIgnoreCase)
            || (!trimmed.Contains(':') && !trimmed.StartsWith("//", System.StringComparison.Ordinal)))
        {
            return Escape(trimmed);
        }

        return "#";
    }
}
