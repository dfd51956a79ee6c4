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
        var text = File.ReadAllText(path);
        try
        {
            // The schema name is checked in the file itself: a missing one must not be filled in by the model's default.
            using (var document = JsonDocument.Parse(text))
            {
                var schema = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("schema", out var value)
                    ? value.GetString()
                    : null;
                if (schema != PackagesReport.CurrentSchema)
                {
                    throw new InvalidDataException($"{path}: not a '{PackagesReport.CurrentSchema}' report (schema '{schema}')");
                }
            }

            return JsonSerializer.Deserialize<PackagesReport>(text, Options)
                ?? throw new InvalidDataException($"{path}: empty report");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a packages report ({ex.Message})");
        }
        catch (System.InvalidOperationException ex)
        {
            throw new InvalidDataException($"{path}: not a packages report ({ex.Message})");
        }
    }
}
