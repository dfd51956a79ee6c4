using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Reporting.Sarif;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>Writes the requested formats of a packages report into a directory (file names in docs/packages.md).</summary>
public static class PackagesReportFiles
{
    public static readonly string[] Formats = { "sarif", "json", "md", "html" };

    public static string FileName(string format) => format switch
    {
        "sarif" => "koupleless-packages.sarif",
        "json" => "koupleless-packages.json",
        "md" => "koupleless-packages.md",
        "html" => "koupleless-packages.html",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    public static IReadOnlyList<string> WriteAll(PackagesReport report, IEnumerable<string> formats, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var format in formats)
        {
            var path = Path.Combine(directory, FileName(format));
            using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                Render(report, format, writer);
            }

            written.Add(path);
        }

        return written;
    }

    public static void Render(PackagesReport report, string format, TextWriter writer)
    {
        switch (format)
        {
            case "sarif": writer.Write(SarifWriter.ToJson(PackagesSarif.Build(report))); break;
            case "json": PackagesJson.Write(report, writer); break;
            case "md": PackagesMarkdown.Write(report, writer); break;
            case "html": PackagesHtml.Write(report, writer); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format");
        }
    }
}
