using System.Collections.Generic;
using System.Linq;
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

    /// <summary>--framework: read every package's lib/ folder for this framework; null to take each package's from its uses.</summary>
    public NuGetFramework? Framework { get; init; }

    /// <summary>The target frameworks of the scanned projects (their assets files); what the report names when --framework is absent.</summary>
    public IReadOnlyList<string> ClosureFrameworks { get; init; } = new List<string>();

    /// <summary>For an id@version list (no project, so no framework of its own) without --framework.</summary>
    public static readonly NuGetFramework DefaultFramework = FrameworkConstants.CommonFrameworks.Net80;

    /// <summary>
    /// The framework whose lib/ folder is read for <paramref name="package"/>: --framework, else the newest of the
    /// frameworks whose closure holds it (preferring .NET over .NET Standard and .NET Framework: modules run in
    /// AssemblyLoadContexts, which only .NET has), else <see cref="DefaultFramework"/>.
    /// </summary>
    public NuGetFramework FrameworkFor(PackageRef package)
    {
        if (Framework is not null)
        {
            return Framework;
        }

        return package.UsedBy
            .Select(u => NuGetFramework.Parse(u.Framework))
            .Where(f => !f.IsUnsupported)
            .OrderBy(f => f.Framework == FrameworkConstants.FrameworkIdentifiers.NetCoreApp ? 1 : 0)
            .ThenBy(f => f.Version)
            .LastOrDefault() ?? DefaultFramework;
    }

    /// <summary>The framework(s) the report names: --framework, the closure's frameworks, or the default.</summary>
    public string FrameworkText => Framework?.GetShortFolderName()
        ?? (ClosureFrameworks.Count > 0 ? string.Join(", ", ClosureFrameworks) : DefaultFramework.GetShortFolderName());

    public Shard Shard { get; init; } = Shard.All;

    public string CacheFolder { get; init; } = Acquisition.PackageFetcher.DefaultCacheFolder;

    /// <summary>Where NuGet.Config is looked up from (the scanned root); null for the current directory.</summary>
    public string? SettingsRoot { get; init; }

    public bool Offline { get; init; }

    public NupkgLimits Limits { get; init; } = NupkgLimits.Default;

    /// <summary>Problems found before the scan (a bad --list line, a project without assets file); reported, not fatal.</summary>
    public IReadOnlyList<string> InputProblems { get; init; } = new List<string>();

    public int MaxParallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// Decompile with bodies only the types the IL selection picks (<see cref="Decompiled.DecompileScope.Selected"/>)
    /// instead of every type (--select-types). Measured not faster on real packages (docs/performance-scanner.md), so
    /// off by default; such a run neither reads nor writes the judgement cache.
    /// </summary>
    public bool SelectTypes { get; init; }

    /// <summary>
    /// Whose host the modules that load these packages run under (KouplelessModuleHost: "Own" or "Base"; --module-host,
    /// else what the scanned projects declare): a package cannot see it, and KPL3005 depends on it. Null when not known.
    /// </summary>
    public string? ModuleHost { get; init; }

    /// <summary>Keep and reuse judgements under <see cref="CacheFolder"/> (--no-cache turns it off).</summary>
    public bool UseJudgementCache { get; init; } = true;
}
