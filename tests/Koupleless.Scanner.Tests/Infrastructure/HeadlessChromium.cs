using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>
/// Lays a report out in headless Chromium (Debian's package; .ci/install-optional installs it) at a given window
/// width and measures it from inside the page: a copy of the report gets a small probe script (and loses its
/// Content-Security-Policy, which forbids scripts in the packages report), and --dump-dom returns what it measured.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>What the probe measured. <see cref="ScrollWidth"/> above <see cref="ViewportWidth"/> is horizontal overflow.</summary>
    public sealed record Layout(
        int ViewportWidth,
        int ScrollWidth,
        IReadOnlyList<string> Overflowing,
        IReadOnlyList<string> MidWordBreaks,
        double WorstSnippetLineRatio,
        int Snippets)
    {
        public override string ToString()
            => $"viewport {ViewportWidth}px, document {ScrollWidth}px; wider than the window: {string.Join(" | ", Overflowing)}; "
               + $"wrapped inside a name: {string.Join(" | ", MidWordBreaks)}; snippet height per line, worst: {WorstSnippetLineRatio:F2} over {Snippets} snippet(s)";
    }

    public static string? Find()
        => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <param name="wrapOnlyAfter">Cells (CSS selector) whose text may wrap only after one of <paramref name="breakChars"/>.</param>
    public static async Task<Layout> MeasureAsync(string browser, string reportPath, int width, string wrapOnlyAfter = ".loc", string breakChars = "/\\ ")
    {
        var folder = Path.Combine(Path.GetTempPath(), "koupleless-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var page = Path.Combine(folder, "page.html");
            var html = Regex.Replace(File.ReadAllText(reportPath), "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", string.Empty);
            var probe = Probe.Replace("WRAP_SELECTOR", JsonSerializer.Serialize(wrapOnlyAfter)).Replace("BREAK_CHARS", JsonSerializer.Serialize(breakChars));
            File.WriteAllText(page, html.Replace("</body>", $"<script>{probe}</script></body>", StringComparison.Ordinal));

            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + Path.Combine(folder, "profile"),
                $"--window-size={width},1000", "--virtual-time-budget=2000", "--dump-dom", "file://" + page,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            var match = Regex.Match(await dom, "<pre id=\"koupleless-probe\">(.*?)</pre>", RegexOptions.Singleline);
            if (!match.Success)
            {
                throw new InvalidOperationException("the probe did not run: " + await errors);
            }

            using var json = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value));
            var root = json.RootElement;
            return new Layout(
                root.GetProperty("viewport").GetInt32(),
                root.GetProperty("scrollWidth").GetInt32(),
                root.GetProperty("overflowing").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("midWord").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("snippetRatio").GetDouble(),
                root.GetProperty("snippets").GetInt32());
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold its profile for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    // Overflow: the elements that reach past the window, outside any scrolling box (a snippet scrolls inside its own).
    // Mid-word: where the text of a checked cell starts a new line, the character before must be an allowed break.
    // Snippets: the height of a snippet over the height of its lines; 2 when an empty line follows each line.
    private const string Probe = """
        (function(){
          var vw = document.documentElement.clientWidth, result = { viewport: vw, scrollWidth: document.documentElement.scrollWidth, overflowing: [], midWord: [], snippetRatio: 0, snippets: 0 };
          function scrolls(e){ for (var p = e.parentElement; p; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; }
          document.querySelectorAll('body *').forEach(function(e){
            var r = e.getBoundingClientRect();
            if (r.right > vw + 1 && result.overflowing.length < 8 && !scrolls(e)) result.overflowing.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' to ' + Math.round(r.right) + 'px: ' + (e.textContent || '').trim().slice(0, 80));
          });
          var breaks = BREAK_CHARS;
          document.querySelectorAll(WRAP_SELECTOR).forEach(function(cell){
            var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node, top = null, previous = '';
            while ((node = walker.nextNode())) {
              for (var i = 0; i < node.data.length; i++) {
                var range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                var rects = range.getClientRects(); if (!rects.length) continue;
                if (top !== null && rects[0].top > top + 2 && breaks.indexOf(previous) < 0 && node.data[i] !== ' ') result.midWord.push(cell.textContent + ' (before "' + node.data.slice(i, i + 12) + '")');
                top = rects[0].top; previous = node.data[i];
              }
            }
          });
          document.querySelectorAll('pre.code').forEach(function(pre){
            var lines = pre.querySelectorAll('.ln'), sum = 0; lines.forEach(function(l){ sum += l.getBoundingClientRect().height; });
            var style = getComputedStyle(pre), content = pre.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            if (sum > 0) { result.snippets++; result.snippetRatio = Math.max(result.snippetRatio, content / sum); }
          });
          var out = document.createElement('pre'); out.id = 'koupleless-probe'; out.textContent = JSON.stringify(result); document.body.appendChild(out);
        })();
        """;
}
