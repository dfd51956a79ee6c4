using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Koupleless.Scanner.Packages.Model;
using Koupleless.Scanner.Packages.Reporting;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>What judging one package produced, as kept between runs.</summary>
public sealed record JudgedPackage(
    IReadOnlyList<ScannedAssembly> Assemblies,
    IReadOnlyList<PackageFinding> Findings,
    IReadOnlyList<string> Problems,
    bool Complete);

/// <summary>
/// Judgements kept per package id + version + framework + tool: a package's code never changes under its version, so a
/// warm closure costs a file read per package. The tool key covers everything that can change a finding — the
/// analyzer and scanner builds, the decompiler version, the extra hazard catalogs and the module host the Module pass
/// assumed (KouplelessModuleHost) — so a new build, catalog or host judges again. A damaged or foreign entry is a miss,
/// never an error.
/// </summary>
public sealed class JudgedPackageCache
{
    private readonly string? _folder;
    private readonly string _toolKey;

    public JudgedPackageCache(string? folder, IEnumerable<string> extraCatalogTexts, string? moduleHost = null)
    {
        _folder = folder;
        _toolKey = ToolKey(moduleHost is null ? extraCatalogTexts : extraCatalogTexts.Append("KouplelessModuleHost=" + moduleHost));
    }

    /// <summary>Whether a judgement is kept (a file check, no read): a run whose packages are all kept needs no references.</summary>
    public bool Holds(string id, string version, string framework) => PathOf(id, version, framework) is { } path && File.Exists(path);

    public JudgedPackage? TryGet(string id, string version, string framework)
    {
        var path = PathOf(id, version, framework);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JudgedPackage>(File.ReadAllText(path), PackagesJson.Options);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    public void Put(string id, string version, string framework, JudgedPackage judged)
    {
        var path = PathOf(id, version, framework);
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and moved: a reader in a parallel run sees the old entry or the whole new one.
            var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(judged, PackagesJson.Options));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run time.
        }
    }

    private string? PathOf(string id, string version, string framework)
        => _folder is null ? null : Path.Combine(_folder, id.ToLowerInvariant(), version.ToLowerInvariant(), $"{framework}-{_toolKey}.json");

    private static string ToolKey(IEnumerable<string> extraCatalogTexts)
    {
        var parts = new[]
        {
            typeof(Koupleless.Analyzers.RuleIds).Assembly.ManifestModule.ModuleVersionId.ToString(),
            typeof(JudgedPackageCache).Assembly.ManifestModule.ModuleVersionId.ToString(),
            typeof(ICSharpCode.Decompiler.DecompilerSettings).Assembly.GetName().Version?.ToString() ?? string.Empty,
        }.Concat(extraCatalogTexts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u0001", parts)));
        return Convert.ToHexString(hash, 0, 8).ToLowerInvariant();
    }
}
