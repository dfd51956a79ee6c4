using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting.Json;

/// <summary>The report model as JSON; schema in docs/report-schema.md and docs/koupleless-report.schema.json.</summary>
public sealed class JsonReportWriter : IReportWriter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string Format => "json";

    public string FileName => "koupleless.json";

    public void Write(ScanReport report, TextWriter writer) => writer.Write(JsonSerializer.Serialize(report, Options));

    public static ScanReport? Read(string json) => JsonSerializer.Deserialize<ScanReport>(json, Options);
}
