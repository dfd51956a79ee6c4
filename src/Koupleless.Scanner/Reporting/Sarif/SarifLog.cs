using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Koupleless.Scanner.Reporting.Sarif;

// A minimal SARIF 2.1.0 object model: only the properties the scanners write. Sarif.Sdk does not restore from
// this feed, and System.Text.Json with these records writes the same shape (property names per the OASIS spec).

/// <summary>The root object of a SARIF 2.1.0 file.</summary>
public sealed class SarifLog
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = SchemaUri;

    public string Version { get; init; } = "2.1.0";

    public List<SarifRun> Runs { get; init; } = new();
}

public sealed class SarifRun
{
    public required SarifTool Tool { get; init; }

    /// <summary>Named roots that relative artifact URIs resolve against (SRCROOT = the scanned repository).</summary>
    public Dictionary<string, SarifArtifactLocation>? OriginalUriBaseIds { get; init; }

    public List<SarifResult> Results { get; init; } = new();

    public List<SarifInvocation>? Invocations { get; init; }

    public Dictionary<string, object?>? Properties { get; init; }
}

public sealed class SarifTool
{
    public required SarifToolComponent Driver { get; init; }
}

public sealed class SarifToolComponent
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? SemanticVersion { get; init; }

    public string? InformationUri { get; init; }

    public List<SarifReportingDescriptor> Rules { get; init; } = new();
}

/// <summary>A rule (tool.driver.rules[]).</summary>
public sealed class SarifReportingDescriptor
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public SarifMessageString? ShortDescription { get; init; }

    public SarifMessageString? FullDescription { get; init; }

    public string? HelpUri { get; init; }

    /// <summary>What GitHub code scanning shows beside an alert (its validator requires it): see <see cref="RuleHelp"/>.</summary>
    public SarifMultiformatMessageString? Help { get; init; }

    public SarifReportingConfiguration? DefaultConfiguration { get; init; }

    public Dictionary<string, object?>? Properties { get; init; }
}

public sealed class SarifMessageString
{
    public required string Text { get; init; }
}

/// <summary>Plain text, with a GitHub-flavoured Markdown form for viewers that render it.</summary>
public sealed class SarifMultiformatMessageString
{
    public required string Text { get; init; }

    public string? Markdown { get; init; }
}

public sealed class SarifReportingConfiguration
{
    /// <summary>none, note, warning or error.</summary>
    public string Level { get; init; } = SarifLevels.Warning;

    public bool? Enabled { get; init; }
}

public sealed class SarifResult
{
    public required string RuleId { get; init; }

    public int? RuleIndex { get; init; }

    public string Level { get; init; } = SarifLevels.Warning;

    public required SarifMessage Message { get; init; }

    public List<SarifLocation>? Locations { get; init; }

    /// <summary>Stable identities for baselining; keys are versioned names such as "kouplelessFingerprint/v1".</summary>
    public Dictionary<string, string>? PartialFingerprints { get; init; }

    /// <summary>new, unchanged, updated or absent (relative to a baseline); omitted without one.</summary>
    public string? BaselineState { get; init; }

    public List<SarifSuppression>? Suppressions { get; init; }

    public Dictionary<string, object?>? Properties { get; init; }
}

public sealed class SarifMessage
{
    public required string Text { get; init; }
}

public sealed class SarifLocation
{
    public SarifPhysicalLocation? PhysicalLocation { get; init; }

    public List<SarifLogicalLocation>? LogicalLocations { get; init; }
}

public sealed class SarifLogicalLocation
{
    public string? Name { get; init; }

    public string? FullyQualifiedName { get; init; }

    public string? Kind { get; init; }
}

public sealed class SarifPhysicalLocation
{
    public required SarifArtifactLocation ArtifactLocation { get; init; }

    public SarifRegion? Region { get; init; }

    /// <summary>The lines around <see cref="Region"/> (a superset of it), with their text, for viewers without the source.</summary>
    public SarifRegion? ContextRegion { get; init; }
}

public sealed class SarifArtifactLocation
{
    public string? Uri { get; init; }

    public string? UriBaseId { get; init; }
}

/// <summary>1-based lines and columns, as SARIF requires.</summary>
public sealed class SarifRegion
{
    public int? StartLine { get; init; }

    public int? StartColumn { get; init; }

    public int? EndLine { get; init; }

    public int? EndColumn { get; init; }

    /// <summary>For binary artifacts (an assembly inside a package): the 0-based byte offset the region starts at.</summary>
    public long? ByteOffset { get; init; }

    public long? ByteLength { get; init; }

    public SarifArtifactContent? Snippet { get; init; }
}

public sealed class SarifArtifactContent
{
    public string? Text { get; init; }
}

public sealed class SarifSuppression
{
    /// <summary>inSource (#pragma, [SuppressMessage]) or external (baseline, editorconfig).</summary>
    public string Kind { get; init; } = "inSource";

    public string? Justification { get; init; }
}

public sealed class SarifInvocation
{
    public bool ExecutionSuccessful { get; init; }

    public int? ExitCode { get; init; }

    public List<SarifNotification>? ToolExecutionNotifications { get; init; }
}

public sealed class SarifNotification
{
    public string Level { get; init; } = SarifLevels.Error;

    public required SarifMessage Message { get; init; }

    public List<SarifLocation>? Locations { get; init; }
}

public static class SarifLevels
{
    public const string None = "none";
    public const string Note = "note";
    public const string Warning = "warning";
    public const string Error = "error";
}
