using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Koupleless.Scanner.Reporting.Sarif;

/// <summary>Serialises a <see cref="SarifLog"/> with the property casing and null handling SARIF 2.1.0 expects.</summary>
public static class SarifWriter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Keeps messages readable in the file; the SARIF consumer, not this writer, is responsible for HTML escaping.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(SarifLog log, Stream stream) => JsonSerializer.Serialize(stream, log, Options);

    public static string ToJson(SarifLog log) => JsonSerializer.Serialize(log, Options);

    public static void WriteFile(SarifLog log, string path)
    {
        using var stream = File.Create(path);
        Write(log, stream);
    }

    /// <summary>A relative path as a SARIF URI: forward slashes, each segment percent-encoded where needed.</summary>
    public static string ToUri(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = System.Uri.EscapeDataString(segments[i]);
        }

        return string.Join('/', segments);
    }
}
