using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Koupleless.Scanner.Packages.Model;

namespace Koupleless.Scanner.Packages.Reporting;

/// <summary>The JSON form of a <see cref="PackagesReport"/> (schema "koupleless-packages/v1", docs/packages.md).</summary>
public static class PackagesJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(PackagesReport report) => JsonSerializer.Serialize(report, Options);

    public static void Write(PackagesReport report, TextWriter writer) => writer.Write(ToJson(report));

    /// <summary>Reads a report written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static PackagesReport Read(string path)
    {
        PackagesReport? report;
        try
        {
            report = JsonSerializer.Deserialize<PackagesReport>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a packages report ({ex.Message})");
        }

        if (report is null || report.Schema != PackagesReport.CurrentSchema)
        {
            throw new InvalidDataException($"{path}: not a '{PackagesReport.CurrentSchema}' report (schema '{report?.Schema}')");
        }

        return report;
    }
}
