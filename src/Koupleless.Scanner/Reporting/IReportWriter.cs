using System.IO;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting;

/// <summary>One report format. Add a format by adding a writer to <see cref="ReportWriters.All"/>.</summary>
public interface IReportWriter
{
    /// <summary>The --format value (sarif, json, md, html).</summary>
    string Format { get; }

    /// <summary>The file written into the output directory.</summary>
    string FileName { get; }

    void Write(ScanReport report, TextWriter writer);

    /// <summary>
    /// Writes the report that will be read from <paramref name="reportDirectory"/>: a format that links to the scanned
    /// files (Markdown) makes its links relative to that folder, so they open from where the report lies.
    /// </summary>
    void Write(ScanReport report, TextWriter writer, string reportDirectory) => Write(report, writer);
}
