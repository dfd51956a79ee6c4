using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Koupleless.RealCode;

/// <summary>
/// The ASP.NET Core reference assemblies (Microsoft.AspNetCore.App.Ref) of the dotnet installation that runs the tool,
/// for a library project on the web SDK. Same version as the NETCore pack the scanner references, so both bind together.
/// </summary>
internal static class AspNetCoreReferencePack
{
    private static readonly Lazy<IReadOnlyList<string>> Files = new(Find);

    public static IReadOnlyList<string> Assemblies => Files.Value;

    private static IReadOnlyList<string> Find()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var framework = "net" + Environment.Version.Major + "." + Environment.Version.Minor;
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.AspNetCore.App.Ref");
        var pack = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Select(d => Path.Combine(d, "ref", framework)).Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;

        // Without the pack the project still compiles, with errors the run prints per library.
        return pack is null ? Array.Empty<string>() : Directory.GetFiles(pack, "*.dll");
    }
}
