using System.Text;

namespace Koupleless.Scanner.Reporting.Markdown;

/// <summary>Escaping for text placed in GitHub-flavoured Markdown (job summaries, PR comments).</summary>
public static class MarkdownText
{
    /// <summary>Text inside a table cell: pipes, markup characters and HTML are neutralised, newlines folded.</summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '|': builder.Append("\\|"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r': break;
                case '\n': builder.Append(' '); break;
                case '*' or '_' or '`' or '[' or ']' or '\\' or '#':
                    builder.Append('\\').Append(c);
                    break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A link target: spaces and parentheses encoded so the link survives.</summary>
    public static string Url(string url) => url.Replace(" ", "%20").Replace("(", "%28").Replace(")", "%29");
}
