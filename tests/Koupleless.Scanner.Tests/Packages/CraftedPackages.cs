using System.IO;
using System.Linq;
using System.IO.Compression;
using System.Text;
using Koupleless.Scanner.Packages.Closure;
using NuGet.Versioning;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>Builds small .nupkg archives with exactly the defect a test needs.</summary>
internal static class CraftedPackages
{
    public static string Write(string folder, string name, params (string Entry, byte[] Content)[] entries)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (entry, content) in entries)
        {
            using var stream = zip.CreateEntry(entry, CompressionLevel.Optimal).Open();
            stream.Write(content);
        }

        return path;
    }

    /// <summary>A package id@1.0.0 as a restore leaves it: its .nupkg in a packages folder the closure names (no download).</summary>
    public static PackageRef Restored(Infrastructure.TempTree tree, string id, params (string Entry, byte[] Content)[] entries)
    {
        var folder = tree.PathOf("restored/" + id);
        Write(folder, id.ToLowerInvariant() + ".1.0.0.nupkg", entries);
        return new PackageRef(id, NuGetVersion.Parse("1.0.0"), folder);
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The bytes of a real, small assembly with nothing to report (judging it costs a fraction of a second).</summary>
    public static byte[] SomeAssembly() => CompiledAssembly.Compile("public static class Api { public static int Twice(int x) => x * 2; }").Image.ToArray();
}
