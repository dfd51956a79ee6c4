using System;
using System.Collections.Generic;

namespace Koupleless.Scanner.Engine;

/// <summary>Everything the engine needs to know about one scan; the CLI fills it from its options.</summary>
public sealed record ScanOptions
{
    /// <summary>A .sln/.slnx, a .csproj, or a folder holding one of them.</summary>
    public required string Target { get; init; }

    public string Configuration { get; init; } = "Debug";

    /// <summary>Global MSBuild properties (--property K=V).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Forces this KouplelessRole on every project (--role); null reads each project's own.</summary>
    public string? RoleOverride { get; init; }

    /// <summary>Enterprise catalogs (--catalog), added to every project as KouplelessHazards*.txt AdditionalFiles.</summary>
    public IReadOnlyList<string> Catalogs { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Include { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();

    /// <summary>Fingerprints of accepted findings (--baseline); null without one.</summary>
    public IReadOnlySet<string>? Baseline { get; init; }

    public string? BaselinePath { get; init; }

    /// <summary>Runs `dotnet restore` on the target first (MSBuildWorkspace itself never restores).</summary>
    public bool Restore { get; init; } = true;

    /// <summary>How many projects are analysed at once; defaults to the processor count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
