using System.Collections.Generic;
using Koupleless.Scanner.Packages.Archive;
using Koupleless.Scanner.Packages.Closure;
using NuGet.Frameworks;

namespace Koupleless.Scanner.Packages;

public sealed class PackageScanOptions
{
    public required IReadOnlyList<PackageRef> Packages { get; init; }

    /// <summary>What the report says was scanned (the path or --list file as given).</summary>
    public required string Target { get; init; }

    /// <summary>Where conventional KouplelessAdapters*.txt tables are looked for (the scanned repository/solution root).</summary>
    public string? RootDirectory { get; init; }

    /// <summary>--catalog files: KouplelessHazards*.txt are hazard catalogs, every other file an adapter table.</summary>
    public IReadOnlyList<string> Catalogs { get; init; } = new List<string>();

    public NuGetFramework Framework { get; init; } = FrameworkConstants.CommonFrameworks.Net80;

    public Shard Shard { get; init; } = Shard.All;

    public string CacheFolder { get; init; } = Acquisition.PackageFetcher.DefaultCacheFolder;

    /// <summary>Where NuGet.Config is looked up from (the scanned root); null for the current directory.</summary>
    public string? SettingsRoot { get; init; }

    public bool Offline { get; init; }

    public NupkgLimits Limits { get; init; } = NupkgLimits.Default;

    /// <summary>Problems found before the scan (a bad --list line, a project without assets file); reported, not fatal.</summary>
    public IReadOnlyList<string> InputProblems { get; init; } = new List<string>();

    public int MaxParallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>Which types are decompiled with their bodies; null for the selection (<see cref="Decompiled.DecompileScope.Selected"/>).</summary>
    public Decompiled.DecompileScope? Scope { get; init; }

    /// <summary>Keep and reuse judgements under <see cref="CacheFolder"/> (--no-cache turns it off).</summary>
    public bool UseJudgementCache { get; init; } = true;
}
