using System.Collections.Generic;
using Koupleless.Scanner.Packages.Closure;

namespace Koupleless.Scanner.Packages.Model;

/// <summary>
/// The result of `koupleless packages`: what every format renders and what `koupleless merge` combines.
/// Its JSON form is the versioned schema documented in docs/packages.md ("JSON report"); bump
/// <see cref="CurrentSchema"/> on any breaking change.
/// </summary>
public sealed class PackagesReport
{
    public const string CurrentSchema = "koupleless-packages/v1";

    public string Schema { get; init; } = CurrentSchema;

    public string Tool { get; init; } = "koupleless";

    public string ToolVersion { get; init; } = typeof(PackagesReport).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>What was scanned: a project/solution path, a --list file, or "merged" for a merged report.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>
    /// The framework(s) whose lib/ assets were chosen: --framework, or the target frameworks of the scanned projects
    /// (their assets files), comma-separated; each package names the one read for it.
    /// </summary>
    public string Framework { get; init; } = "net8.0";

    /// <summary>"i/n" when this report covers one shard; null for a whole scan or a merged report.</summary>
    public string? Shard { get; init; }

    /// <summary>Whose host the Module pass took the modules to run under ("Own" or "Base"); null when not known.</summary>
    public string? ModuleHost { get; init; }

    public List<PackageResult> Packages { get; init; } = new();

    /// <summary>Problems in the adapter tables (file and line named); the rest of each table still applied.</summary>
    public List<string> TableProblems { get; init; } = new();

    /// <summary>Adapter packages that matching table entries name and the closure does not hold: add them (docs/adapters).</summary>
    public List<AdapterToAdd> AdaptersToAdd => AdapterToAdd.In(Packages);

    public ScanStatistics Statistics { get; init; } = new();
}

/// <summary>One package: its verdict, the assemblies read, the hazards found and the adapters that match.</summary>
public sealed class PackageResult
{
    public required string Id { get; init; }

    public required string Version { get; init; }

    /// <summary>The framework whose nearest lib/ folder was read for this package (see <see cref="PackagesReport.Framework"/>).</summary>
    public string? Framework { get; set; }

    /// <summary>The projects and target frameworks whose closure holds the package; null for an id@version list.</summary>
    public List<PackageUse>? UsedBy { get; set; }

    /// <summary>
    /// The shared framework whose own assembly replaces the package wherever the closure holds it (its PackageOverrides.txt),
    /// e.g. "Microsoft.AspNetCore.App 8.0.31": the package's code is never deployed, so it is not judged; null otherwise.
    /// </summary>
    public string? ProvidedBy { get; set; }

    /// <summary>compatible, compatible-with-adapter, needs-review or incompatible (rules in docs/packages.md).</summary>
    public string Verdict { get; set; } = Verdicts.NeedsReview;

    /// <summary>
    /// Where the package can live: "anywhere" (clean), "per-module" (sharing it from the base is the hazard),
    /// "shared" (loading it per module is the hazard), "nowhere" (hazardous both ways, or process-wide), "unknown".
    /// </summary>
    public string Placement { get; set; } = Placements.Unknown;

    /// <summary>The lib/ folder read, e.g. "lib/net8.0"; null when the package has no lib assets or was not read.</summary>
    public string? LibFolder { get; set; }

    /// <summary>
    /// The RID-specific folders read as well, one per runtime identifier, e.g. "runtimes/win/lib/net8.0"; null when the
    /// package has none. A framework-dependent app ships them all and picks one at run time.
    /// </summary>
    public List<string>? RuntimeFolders { get; set; }

    public List<ScannedAssembly> Assemblies { get; init; } = new();

    public List<PackageFinding> Findings { get; init; } = new();

    /// <summary>Finding counts per hazard family (static-state, context-switching, unreleased-resources).</summary>
    public SortedDictionary<string, int> FamilyCounts { get; init; } = new();

    public List<AdapterMatch> Adapters { get; init; } = new();

    /// <summary>Why (part of) the package could not be read: corrupt archive, missing package, unsafe entry, bad metadata.</summary>
    public List<string> Problems { get; init; } = new();

    /// <summary>False when the package could not be read at all (then the verdict is needs-review).</summary>
    public bool Scanned { get; set; }

    /// <summary>False when some managed assembly of the chosen lib/ folder was not read (size limits, corruption, bad metadata):
    /// no finding then does not mean clean, and the verdict is at best needs-review.</summary>
    public bool Complete { get; set; } = true;
}

public sealed record ScannedAssembly(string Path, long Bytes, long IlBytes, int Methods)
{
    /// <summary>Top-level types decompiled with their method bodies (the ones the selection picked).</summary>
    public int TypesDecompiled { get; init; }

    /// <summary>Top-level types decompiled as declarations only (nothing in them can produce a finding).</summary>
    public int TypesDeclared { get; init; }

    /// <summary>
    /// Compiler errors in the decompiled code. Declarations without bodies and names only the compiler can write make a
    /// few; they leave the analysis of the judged bodies unchanged (measured, docs/packages.md).
    /// </summary>
    public int CompileErrors { get; init; }

    /// <summary>Wall time spent decompiling this assembly when it was judged (a cached judgement keeps the figure of that run).</summary>
    public double? DecompileSeconds { get; init; }

    /// <summary>Wall time spent compiling the decompiled code and running the analyzers in both roles.</summary>
    public double? AnalysisSeconds { get; init; }
}

/// <summary>
/// A hazard in a package's compiled code. <see cref="Type"/> and <see cref="Member"/> are the user-visible ones:
/// a lambda, iterator or async state machine is attributed to the method that declares it.
/// </summary>
public sealed record PackageFinding(
    string RuleId,
    string Family,
    string Message,
    string Assembly,
    string Type,
    string Member,
    int? IlOffset,
    string? Target,
    string? Hint)
{
    /// <summary>
    /// Where the evidence is in the assembly file: the instruction's byte (method body file offset + IL offset), or the
    /// field's row in the metadata Field table. Lets a SARIF viewer or a hex/IL tool jump to it.
    /// </summary>
    public long? ByteOffset { get; init; }

    /// <summary>
    /// The role the code was analysed in: "Shared" (the base shares the package with every module) or "Module" (each
    /// module loads its own copy). The verdict reads sharing hazards from the first and per-module ones from the second.
    /// </summary>
    public string? Role { get; init; }

    /// <summary>The decompiled lines around the finding (the analyzers judged this code), and the first one's number.</summary>
    public IReadOnlyList<string>? Snippet { get; init; }

    public int? SnippetStartLine { get; init; }

    /// <summary>The finding's line in the decompiled code of its assembly.</summary>
    public int? DecompiledLine { get; init; }
}

/// <summary>An adapter table entry that matched the package's id and version; one with a <see cref="Problem"/> covers nothing.</summary>
public sealed record AdapterMatch(
    string PackageId,
    string VersionRange,
    string? AdapterPackage,
    string? AdapterVersion,
    IReadOnlyList<string> Covers,
    string? Guidance,
    string? DocsUrl,
    string Source,
    int Line)
{
    /// <summary>Why the entry was not applied (its adapter package was not found); null when it was.</summary>
    public string? Problem { get; init; }
}

public sealed class ScanStatistics
{
    public int Packages { get; set; }

    public int Assemblies { get; set; }

    public long AssemblyBytes { get; set; }

    public long IlBytes { get; set; }

    /// <summary>Packages judged in this run (decompiled and analysed); the others with code came from the judgement cache.</summary>
    public int PackagesJudged { get; set; }

    /// <summary>Packages whose judgement was read from the cache (same package, framework and tool build).</summary>
    public int PackagesFromCache { get; set; }

    /// <summary>Wall time spent judging packages (or reading their judgements), summed over the threads doing it (excludes downloads and reading the archives).</summary>
    public double ScanSeconds { get; set; }

    /// <summary>CPU time the process used during the run: the fair per-core figure on a busy machine.</summary>
    public double CpuSeconds { get; set; }

    public double TotalSeconds { get; set; }
}

public static class Verdicts
{
    public const string Compatible = "compatible";
    public const string CompatibleWithAdapter = "compatible-with-adapter";
    public const string NeedsReview = "needs-review";
    public const string Incompatible = "incompatible";

    public static readonly string[] Ordered = { Compatible, CompatibleWithAdapter, NeedsReview, Incompatible };

    public static string Title(string verdict) => verdict switch
    {
        Compatible => "Compatible",
        CompatibleWithAdapter => "Compatible with adapter",
        NeedsReview => "Needs review",
        Incompatible => "Incompatible",
        _ => verdict,
    };

    public static string Color(string verdict) => verdict switch
    {
        Compatible => "#2f9e44",
        CompatibleWithAdapter => "#1c7ed6",
        NeedsReview => "#f08c00",
        _ => "#e03131",
    };
}

public static class Placements
{
    public const string Anywhere = "anywhere";
    public const string PerModule = "per-module";
    public const string Shared = "shared";
    public const string Nowhere = "nowhere";
    public const string Unknown = "unknown";
}
