using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Koupleless.RealCode;

/// <summary>libraries.json: the pinned libraries, how to compile each from its sources, and the role it is scanned in.</summary>
internal sealed record LibraryList(IReadOnlyList<Library> Libraries)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static LibraryList Load(string path)
        => JsonSerializer.Deserialize<LibraryList>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path}: empty library list");
}

/// <param name="Repository">GitHub owner/name.</param>
/// <param name="Set">"benchmark" (labelled and tuned against) or "holdout" (labelled, never tuned against).</param>
/// <param name="Role">The KouplelessRole the library has in a Koupleless base (a shared library: Shared).</param>
internal sealed record Library(
    string Name,
    string Repository,
    string Commit,
    string Set,
    string Role,
    IReadOnlyList<LibraryProject> Projects,
    string? Notes = null)
{
    public string CheckoutName => $"{Name}-{Commit[..Math.Min(12, Commit.Length)]}";
}

/// <param name="Directory">The project folder, relative to the repository root; every .cs under it is compiled.</param>
/// <param name="Framework">The target framework whose build a .NET 10 base would load (its preprocessor symbols).</param>
/// <param name="Sources">Globs of the compiled files, relative to <paramref name="Directory"/> (default: every .cs).</param>
/// <param name="Include">Extra files, relative to <paramref name="Directory"/> (linked Compile items).</param>
/// <param name="Exclude">Globs relative to <paramref name="Directory"/> (Compile Remove, other platforms' folders).</param>
/// <param name="Packages">id@version from the NuGet cache (RealCode.csproj downloads them).</param>
/// <param name="References">Other projects of the same library, by name.</param>
/// <param name="Usings">Global usings of the project file (<c>static X</c> for a static one).</param>
/// <param name="NoWarn">Compiler diagnostics the project turns off (errors of [Experimental] APIs it uses, say).</param>
/// <param name="InternalsVisibleTo">The project file's <c>InternalsVisibleTo</c> items: assemblies its internals are open to.</param>
/// <param name="Web">A Microsoft.NET.Sdk.Web project: the ASP.NET Core reference pack and the web SDK's implicit usings.</param>
/// <param name="Role">
/// This project's own KouplelessRole when it differs from the library's (a plugin's Module projects next to the host's
/// Shared ones it references); null takes the library's.
/// </param>
internal sealed record LibraryProject(
    string Name,
    string Directory,
    string Framework,
    IReadOnlyList<string>? Sources = null,
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<string>? Exclude = null,
    IReadOnlyList<string>? Defines = null,
    IReadOnlyList<string>? Packages = null,
    IReadOnlyList<string>? References = null,
    IReadOnlyList<string>? Usings = null,
    IReadOnlyList<string>? NoWarn = null,
    IReadOnlyList<string>? InternalsVisibleTo = null,
    bool ImplicitUsings = false,
    bool Analyze = true,
    bool Web = false,
    string? Role = null);
