namespace Koupleless.Scanner.Packages.Archive;

/// <summary>
/// Caps on what a package archive may make the scanner read into memory. A zip entry's declared sizes come from
/// the archive itself and can lie, so reading also stops at the cap whatever the header says.
/// </summary>
public sealed record NupkgLimits(long MaxEntryBytes, long MaxPackageBytes, int MaxCompressionRatio, int MaxEntries)
{
    /// <summary>64 MB per assembly, 512 MB per package, 100:1 compression, 20,000 entries.</summary>
    public static readonly NupkgLimits Default = new(64L * 1024 * 1024, 512L * 1024 * 1024, 100, 20_000);
}
