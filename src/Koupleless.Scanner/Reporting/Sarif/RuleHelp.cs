using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig;
using MarkdownParser = Markdig.Markdown;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Koupleless.Scanner.Reporting.Sarif;

/// <summary>
/// A rule's SARIF <c>help</c>: what GitHub code scanning shows beside an alert (its upload validator requires it).
/// Taken from the rule's page docs/rules/ID.md, embedded in this assembly at build time so the help always matches
/// the docs of the build: the sections a reader of an alert needs (<see cref="Sections"/>), relative links made
/// absolute against the page's URL (they would otherwise resolve against the alert's page), and a link to the
/// whole page. The pages are the one source: nothing here repeats their text.
/// </summary>
public static class RuleHelp
{
    /// <summary>The sections of a rule page that the help carries, in this order.</summary>
    public static readonly IReadOnlyList<string> Sections = new[] { "What it reports", "How to fix" };

    private const string ResourcePrefix = "Koupleless.Scanner.RuleDocs.";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    private static readonly ConcurrentDictionary<(string RuleId, string? PageUri), SarifMultiformatMessageString?> Cache = new();

    /// <summary>The help of a rule, or null when this build has no page for it (a rule of another tool).</summary>
    public static SarifMultiformatMessageString? For(string ruleId, string? pageUri)
        => Cache.GetOrAdd((ruleId, pageUri), key => Page(key.RuleId) is { } page ? FromPage(key.RuleId, page, key.PageUri) : null);

    /// <summary>The embedded docs/rules/ID.md, or null.</summary>
    public static string? Page(string ruleId)
    {
        using var stream = typeof(RuleHelp).Assembly.GetManifestResourceStream(ResourcePrefix + ruleId + ".md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    internal static SarifMultiformatMessageString FromPage(string ruleId, string page, string? pageUri)
    {
        var absolute = AbsoluteLinks(page, pageUri);
        var document = MarkdownParser.Parse(absolute, Pipeline);
        var headings = document.OfType<HeadingBlock>().ToList();
        var parts = new List<string>();
        foreach (var section in Sections)
        {
            var index = headings.FindIndex(h => h.Level == 2 && string.Equals(HeadingText(h), section, StringComparison.Ordinal));
            if (index < 0)
            {
                continue;
            }

            var start = headings[index].Span.Start;
            var end = headings.Skip(index + 1).FirstOrDefault(h => h.Level <= 2)?.Span.Start ?? absolute.Length;
            parts.Add(absolute[start..end].Trim());
        }

        if (pageUri is not null)
        {
            parts.Add($"[{ruleId}: the whole page (why, roles, examples, how to suppress)]({pageUri})");
        }

        var markdown = string.Join("\n\n", parts);
        return new SarifMultiformatMessageString { Text = MarkdownParser.ToPlainText(markdown).Trim(), Markdown = markdown };
    }

    private static string HeadingText(HeadingBlock heading)
        => heading.Inline is null ? string.Empty : string.Concat(heading.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();

    /// <summary>Rewrites each relative link target ("../catalog.md") as an absolute URL against the page's own URL.</summary>
    private static string AbsoluteLinks(string page, string? pageUri)
    {
        if (pageUri is null || !Uri.TryCreate(pageUri, UriKind.Absolute, out var baseUri))
        {
            return page;
        }

        var document = MarkdownParser.Parse(page, Pipeline);
        var rewrites = document.Descendants<LinkInline>()
            .Where(l => l.Url is { Length: > 0 } url && !url.StartsWith('#') && !Uri.TryCreate(url, UriKind.Absolute, out _) && !l.UrlSpan.IsEmpty)
            .Select(l => (l.UrlSpan, Url: new Uri(baseUri, l.Url).AbsoluteUri))
            .OrderByDescending(r => r.UrlSpan.Start)
            .ToList();
        var builder = new StringBuilder(page);
        foreach (var (span, url) in rewrites)
        {
            builder.Remove(span.Start, span.Length).Insert(span.Start, url);
        }

        return builder.ToString();
    }
}
