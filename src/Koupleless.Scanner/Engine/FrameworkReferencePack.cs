using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Koupleless.Scanner.Engine;

/// <summary>
/// The reference assemblies of the .NET that runs the scanner (Microsoft.NETCore.App.Ref from the dotnet installation),
/// for code compiled without a project: a library's sources (tests/RealCode) and decompiled package code. Code built for
/// an older .NET or for netstandard binds against it too: every API they can call is there (netstandard.dll forwards).
/// Without a reference pack (a runtime-only machine) the runtime's own assemblies stand in.
/// </summary>
public static class FrameworkReferencePack
{
    private static readonly Lazy<IReadOnlyList<string>> Files = new(Find);

    public static IReadOnlyList<string> Assemblies => Files.Value;

    /// <summary>The dotnet installation that runs the scanner (its packs/ folder holds the SDK's reference packs).</summary>
    public static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>
    /// The reference assemblies of one pack of the dotnet installation (Microsoft.NETCore.App.Ref,
    /// Microsoft.AspNetCore.App.Ref) for the running .NET: the runtime's own version when installed, else the newest
    /// that has this framework; empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> PackAssemblies(string packName)
    {
        var version = Path.GetFileName(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        var framework = "net" + Environment.Version.Major + "." + Environment.Version.Minor;
        var packs = Path.Combine(DotnetRoot, "packs", packName);
        var pack = Path.Combine(packs, version, "ref", framework);
        if (!Directory.Exists(pack) && Directory.Exists(packs))
        {
            pack = Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", framework))
                .Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault() ?? pack;
        }

        return Directory.Exists(pack) ? Directory.GetFiles(pack, "*.dll") : Array.Empty<string>();
    }

    private static IReadOnlyList<string> Find()
    {
        var pack = PackAssemblies("Microsoft.NETCore.App.Ref");

        // The runtime directory also holds native libraries (on Windows as .dll): only assemblies can be referenced.
        return pack.Count > 0
            ? pack
            : Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(IsManaged).ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
