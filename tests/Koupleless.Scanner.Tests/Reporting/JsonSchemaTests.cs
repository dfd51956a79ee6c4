using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Koupleless.Scanner.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Scanner.Tests.Reporting;

/// <summary>The JSON report of a real scan has every property docs/koupleless-report.schema.json requires, with allowed enum values.</summary>
[Collection(ScanCollection.Name)]
public sealed class JsonSchemaTests
{
    private readonly ScanFixture _fixture;

    public JsonSchemaTests(ScanFixture fixture) => _fixture = fixture;

    [Fact]
    public void Scan_report_matches_the_documented_schema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "RepoFiles", "koupleless-report.schema.json")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Out("out-solution"), "koupleless.json")));
        var defs = schema.RootElement.GetProperty("$defs");

        CheckObject(schema.RootElement, report.RootElement, "report");
        foreach (var (array, def) in new[] { ("rules", "rule"), ("projects", "project"), ("findings", "finding"), ("failures", "failure") })
        {
            var items = report.RootElement.GetProperty(array).EnumerateArray().ToList();
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                CheckObject(defs.GetProperty(def), item, def);
            }
        }

        CheckObject(defs.GetProperty("counts"), report.RootElement.GetProperty("counts"), "counts");
        var levels = Enum(defs.GetProperty("level"));
        var families = Enum(defs.GetProperty("family"));
        var statuses = Enum(defs.GetProperty("project").GetProperty("properties").GetProperty("status"));
        Assert.All(report.RootElement.GetProperty("findings").EnumerateArray(), f =>
        {
            Assert.Contains(f.GetProperty("level").GetString(), levels);
            Assert.Contains(f.GetProperty("family").GetString(), families);
            Assert.Matches("^[0-9a-f]{32}$", f.GetProperty("fingerprint").GetString()!);
        });
        Assert.All(report.RootElement.GetProperty("projects").EnumerateArray(), p => Assert.Contains(p.GetProperty("status").GetString(), statuses));
    }

    private static void CheckObject(JsonElement definition, JsonElement value, string what)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        var documented = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var required in definition.GetProperty("required").EnumerateArray())
        {
            Assert.True(value.TryGetProperty(required.GetString()!, out _), $"{what} lacks required '{required.GetString()}'");
        }

        foreach (var property in value.EnumerateObject())
        {
            Assert.True(documented.Contains(property.Name), $"{what} has undocumented property '{property.Name}'");
        }
    }

    private static HashSet<string?> Enum(JsonElement definition)
        => definition.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToHashSet();
}
