using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Reporting.Html;
using Koupleless.Scanner.Reporting.Json;
using Koupleless.Scanner.Reporting.Markdown;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Scanner.Reporting;

public static class ReportWriters
{
    public static readonly IReadOnlyList<IReportWriter> All = new IReportWriter[]
    {
        new SarifReportWriter(),
        new JsonReportWriter(),
        new MarkdownReportWriter(),
        new HtmlReportWriter(),
    };

    public static IReadOnlyList<string> Formats => All.Select(w => w.Format).ToList();

    public static IReportWriter? Find(string format)
        => All.FirstOrDefault(w => string.Equals(w.Format, format, StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes each requested format into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> WriteAll(ScanReport report, IEnumerable<IReportWriter> writers, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var writer in writers)
        {
            var path = Path.Combine(directory, writer.FileName);
            using (var stream = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(report, stream, directory);
            }

            written.Add(path);
        }

        return written;
    }

    /// <summary>The report as text, as if written into <paramref name="reportDirectory"/> (default: the scanned root).</summary>
    public static string Render(IReportWriter writer, ScanReport report, string? reportDirectory = null)
    {
        using var text = new StringWriter();
        writer.Write(report, text, reportDirectory ?? report.RootDirectory);
        return text.ToString();
    }
}
