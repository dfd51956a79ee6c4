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
}
