using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NuGet.Frameworks;

namespace Koupleless.Scanner.Packages.Archive;

/// <summary>The assemblies of a package's best lib/ folder and of its best runtimes/&lt;rid&gt;/lib/ folder per runtime identifier, read into memory.</summary>
public sealed record NupkgContent(string? LibFolder, IReadOnlyList<(string Path, ImmutableArray<byte> Image)> Assemblies, IReadOnlyList<string> Problems, string? Failure)
{
    /// <summary>Assemblies of the chosen lib/ folder that were not read (limits, corruption): the scan is incomplete.</summary>
    public int SkippedAssemblies { get; init; }

    /// <summary>The package has lib/ (or runtimes/&lt;rid&gt;/lib/) folders, but none for the framework: nothing was read.</summary>
    public bool NothingForFramework { get; init; }

    /// <summary>The runtimes/&lt;rid&gt;/lib/&lt;tfm&gt; folders read (one per runtime identifier, nearest framework), e.g. "runtimes/win/lib/net8.0".</summary>
    public IReadOnlyList<string> RuntimeFolders { get; init; } = Array.Empty<string>();
}

/// <summary>
/// Reads a .nupkg straight from its zip stream: nothing is extracted, so no entry name (however it is spelled) can
/// write anywhere. Entry names that would escape an extraction folder are still reported, because a package carrying
/// them is malformed (or hostile) and other tools do extract it. Sizes are capped by <see cref="NupkgLimits"/>.
/// </summary>
public static class NupkgReader
{
    public static NupkgContent Read(string nupkgPath, NuGetFramework target, NupkgLimits limits)
        => Read(nupkgPath, target, limits, sink: null);

    /// <summary>
    /// With a <paramref name="sink"/>, each assembly is inflated into a pooled buffer, handed to the sink (path, buffer,
    /// length: only the first length bytes are the image) and the buffer reused: <see cref="NupkgContent.Assemblies"/> stays
    /// empty. The engine scans this way, so a closure's 80+ MB of assemblies are not 80+ MB of fresh (large-object) arrays.
    /// </summary>
    internal static NupkgContent Read(string nupkgPath, NuGetFramework target, NupkgLimits limits, Action<string, byte[], int>? sink)
    {
        try
        {
            using var stream = File.OpenRead(nupkgPath);
            return Read(stream, target, limits, sink);
        }
        catch (IOException ex)
        {
            return Failed($"cannot read the package file: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Failed($"cannot read the package file: {ex.Message}");
        }
    }

    public static NupkgContent Read(Stream stream, NuGetFramework target, NupkgLimits limits) => Read(stream, target, limits, sink: null);

    private static NupkgContent Read(Stream stream, NuGetFramework target, NupkgLimits limits, Action<string, byte[], int>? sink)
    {
        var problems = new List<string>();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            return Failed($"not a valid package archive (corrupt or truncated zip: {ex.Message})");
        }

        using (archive)
        {
            IReadOnlyList<ZipArchiveEntry> entries;
            try
            {
                entries = archive.Entries;
            }
            catch (InvalidDataException ex)
            {
                return Failed($"not a valid package archive (corrupt central directory: {ex.Message})");
            }

            if (entries.Count > limits.MaxEntries)
            {
                return Failed($"the archive has {entries.Count} entries, more than the limit of {limits.MaxEntries}");
            }

            // lib/<tfm>/ and, per runtime identifier, runtimes/<rid>/lib/<tfm>/: a framework-dependent app copies both and its
            // host picks the RID-specific implementation at run time (deps.json), so both are code the module may run.
            var libFolders = new Dictionary<string, (NuGetFramework Framework, List<ZipArchiveEntry> Entries)>(StringComparer.OrdinalIgnoreCase);
            var runtimeFolders = new SortedDictionary<string, Dictionary<string, (NuGetFramework Framework, List<ZipArchiveEntry> Entries)>>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var name = entry.FullName;
                if (EscapesRoot(name))
                {
                    problems.Add($"entry '{Shown(name)}' would escape the extraction folder (zip slip): ignored");
                    continue;
                }

                var parts = name.Replace('\\', '/').Split('/');
                Dictionary<string, (NuGetFramework Framework, List<ZipArchiveEntry> Entries)> folders;
                string framework;
                if (parts.Length == 3 && parts[0].Equals("lib", StringComparison.OrdinalIgnoreCase))
                {
                    folders = libFolders;
                    framework = parts[1];
                }
                else if (parts.Length == 5 && parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase) && parts[2].Equals("lib", StringComparison.OrdinalIgnoreCase)
                    && parts[1].Length > 0)
                {
                    if (!runtimeFolders.TryGetValue(parts[1], out folders!))
                    {
                        runtimeFolders[parts[1]] = folders = new Dictionary<string, (NuGetFramework, List<ZipArchiveEntry>)>(StringComparer.OrdinalIgnoreCase);
                    }

                    framework = parts[3];
                }
                else
                {
                    continue;
                }

                // "_._" marks a framework the package supports with nothing to load (the framework itself provides it).
                var file = parts[^1];
                var isPlaceholder = file == "_._";
                if (!(isPlaceholder || file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (!folders.TryGetValue(framework, out var folder))
                {
                    folders[framework] = folder = (NuGetFramework.ParseFolder(framework), new List<ZipArchiveEntry>());
                }

                if (!isPlaceholder)
                {
                    folder.Entries.Add(entry);
                }
            }

            var chosen = new List<ZipArchiveEntry>();
            string? libFolder = null;
            if (libFolders.Count > 0)
            {
                var best = PickFolder(libFolders.ToDictionary(p => p.Key, p => p.Value.Framework), target);
                if (best is null)
                {
                    problems.Add($"no lib/ folder is compatible with {target.GetShortFolderName()} (has {string.Join(", ", libFolders.Keys.OrderBy(k => k, StringComparer.Ordinal))})");
                }
                else
                {
                    libFolder = "lib/" + best;
                    chosen.AddRange(libFolders[best].Entries.OrderBy(e => e.FullName, StringComparer.Ordinal));
                }
            }

            // Per RID the nearest framework, as for lib/; a RID with no compatible folder is never used by the app.
            var chosenRuntimes = new List<string>();
            foreach (var (rid, folders) in runtimeFolders)
            {
                var best = PickFolder(folders.ToDictionary(p => p.Key, p => p.Value.Framework), target);
                if (best is not null)
                {
                    chosenRuntimes.Add($"runtimes/{rid}/lib/{best}");
                    chosen.AddRange(folders[best].Entries.OrderBy(e => e.FullName, StringComparer.Ordinal));
                }
            }

            if (libFolder is null && chosenRuntimes.Count == 0)
            {
                return new NupkgContent(null, Array.Empty<(string, ImmutableArray<byte>)>(), problems, null)
                {
                    NothingForFramework = libFolders.Count > 0 || runtimeFolders.Count > 0,
                };
            }

            var assemblies = new List<(string, ImmutableArray<byte>)>();
            var skipped = 0;
            long total = 0;
            foreach (var entry in chosen)
            {
                var path = entry.FullName.Replace('\\', '/');
                var problem = CheckSizes(entry, limits, total);
                if (problem is not null)
                {
                    problems.Add($"{path}: {problem}: skipped");
                    skipped++;
                    continue;
                }

                try
                {
                    var cap = Math.Min(limits.MaxEntryBytes, limits.MaxPackageBytes - total);
                    var length = (int)Math.Min(cap, entry.Length);
                    var buffer = sink is null ? new byte[length] : ArrayPool<byte>.Shared.Rent(length);
                    try
                    {
                        var read = ReadBounded(entry, buffer, length);
                        if (read < 0)
                        {
                            problems.Add($"{path}: inflates to more than its declared size or the limit (zip bomb?): skipped");
                            skipped++;
                            continue;
                        }

                        total += read;
                        if (sink is null)
                        {
                            if (read < buffer.Length)
                            {
                                Array.Resize(ref buffer, read);
                            }

                            assemblies.Add((path, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(buffer)));
                        }
                        else
                        {
                            sink(path, buffer, read);
                        }
                    }
                    finally
                    {
                        if (sink is not null)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                    }
                }
                catch (InvalidDataException ex)
                {
                    problems.Add($"{path}: corrupt entry ({ex.Message}): skipped");
                    skipped++;
                }
                catch (IOException ex)
                {
                    problems.Add($"{path}: cannot be read ({ex.Message}): skipped");
                    skipped++;
                }
            }

            return new NupkgContent(libFolder, assemblies, problems, null) { SkippedAssemblies = skipped, RuntimeFolders = chosenRuntimes };
        }
    }

    /// <summary>The lib/ folder whose framework is nearest to <paramref name="target"/>; netstandard2.0 as a fallback target.</summary>
    internal static string? PickFolder(IReadOnlyDictionary<string, NuGetFramework> folders, NuGetFramework target)
    {
        var reducer = new FrameworkReducer();
        foreach (var wanted in new[] { target, FrameworkConstants.CommonFrameworks.NetStandard20 })
        {
            var nearest = reducer.GetNearest(wanted, folders.Values.Where(f => !f.IsUnsupported));
            if (nearest is not null)
            {
                return folders.Where(p => p.Value.Equals(nearest)).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).First();
            }
        }

        return null;
    }

    internal static bool EscapesRoot(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var normalized = name.Replace('\\', '/');
        if (normalized[0] == '/' || (normalized.Length > 1 && normalized[1] == ':') || normalized.Contains('\0'))
        {
            return true;
        }

        return normalized.Split('/').Any(segment => segment == "..");
    }

    private static string? CheckSizes(ZipArchiveEntry entry, NupkgLimits limits, long readSoFar)
    {
        if (entry.Length > limits.MaxEntryBytes)
        {
            return $"declares {entry.Length:N0} bytes, more than the {limits.MaxEntryBytes:N0}-byte limit per assembly";
        }

        if (readSoFar + entry.Length > limits.MaxPackageBytes)
        {
            return $"the package's assemblies exceed the {limits.MaxPackageBytes:N0}-byte limit per package";
        }

        // Assemblies compress 2-4:1; a 100:1 ratio on anything sizeable is a zip bomb, not code.
        if (entry.Length > 1024 * 1024 && entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxCompressionRatio)
        {
            return $"compression ratio {entry.Length / Math.Max(1, entry.CompressedLength)}:1 exceeds {limits.MaxCompressionRatio}:1 (zip bomb?)";
        }

        return null;
    }

    /// <summary>
    /// Inflates the entry into the first <paramref name="length"/> bytes of <paramref name="buffer"/> (its declared length or
    /// the cap, whichever is smaller); the number of bytes read, or -1 when the entry inflates past that.
    /// </summary>
    private static int ReadBounded(ZipArchiveEntry entry, byte[] buffer, int length)
    {
        using var input = entry.Open();
        var read = 0;
        while (read < length)
        {
            var n = input.Read(buffer, read, length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        // Anything past the declared length means the header lied.
        Span<byte> probe = stackalloc byte[1];
        return input.Read(probe) > 0 ? -1 : read;
    }

    private static string Shown(string name) => name.Length > 120 ? name[..120] + "..." : name;

    private static NupkgContent Failed(string reason)
        => new(null, Array.Empty<(string, ImmutableArray<byte>)>(), Array.Empty<string>(), reason);
}
