using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Koupleless.RealCode;

/// <summary>One finding from source, named by the type and member it lies in (DeclaredMember).</summary>
internal sealed record SourceFinding(JudgedFinding Judged, string Type, string Member);

/// <summary>One Shared-role finding of `koupleless packages` on the decompiled package.</summary>
internal sealed record PackageFindingRow(string Rule, string Type, string Member, int? DecompiledLine, string Line);

/// <summary>
/// Package parity (package-parity.sh): the Shared-role findings `koupleless packages` reported for a package, compared
/// with the findings from the library's source at the same version, by rule, type and member. Findings are paired one
/// to one (an overloaded member can hold two of the same rule); a package finding paired with a labelled source
/// finding carries its label. Recall counts the labelled hazards present at the tag (PackageRecall).
/// </summary>
internal static class PackageParity
{
    public static void Print(
        TextWriter output, string packagesJson, IReadOnlyList<Library> libraries, IReadOnlyDictionary<Library, string> checkouts,
        IReadOnlyList<SourceFinding> source, Labels labels)
    {
        var packages = ReadPackages(packagesJson);
        var overall = new int[5]; // right, wrong, unlabelled, hazards at the tags, hazards found
        var misses = new List<Label>();
        output.WriteLine();
        output.WriteLine("## Package parity (Shared role, by rule/type/member)");
        output.WriteLine();
        output.WriteLine("| library | package | package findings | source findings | equal | only package | only source | right | wrong | unlabelled | hazards at tag | found | recall |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var details = new List<string>();
        foreach (var library in libraries)
        {
            if (!packages.TryGetValue(library.Name, out var package))
            {
                details.Add($"- {library.Name}: no package of that id in {packagesJson}");
                continue;
            }

            var fromSource = source.Where(s => s.Judged.Library == library).ToList();
            var unpaired = fromSource.ToList();
            var onlyPackage = new List<PackageFindingRow>();
            var reached = new HashSet<LabelKey>();
            int right = 0, wrong = 0, unlabelled = 0;
            foreach (var finding in package.Findings)
            {
                var match = unpaired.FirstOrDefault(s => KeyOf(s.Judged.Finding.RuleId, s.Type, s.Member) == KeyOf(finding.Rule, finding.Type, finding.Member));
                if (match is null)
                {
                    onlyPackage.Add(finding);
                    unlabelled++;
                    continue;
                }

                unpaired.Remove(match);
                reached.Add(match.Judged.Key);
                _ = match.Judged.Label switch
                {
                    { IsHazard: true } => right++,
                    { IsHazard: false } => wrong++,
                    null => unlabelled++,
                };
            }

            overall[0] += right;
            overall[1] += wrong;
            overall[2] += unlabelled;
            var hazards = PackageRecall.HazardsAt(checkouts[library], labels.Rows.Where(l => l.Key.Library == library.Name));
            var found = hazards.Count(h => reached.Contains(h.Key));
            misses.AddRange(hazards.Where(h => !reached.Contains(h.Key)));
            overall[3] += hazards.Count;
            overall[4] += found;
            var equal = package.Findings.Count - onlyPackage.Count;
            output.WriteLine($"| {library.Name} | {package.Version} | {package.Findings.Count} | {fromSource.Count} | {equal} | {onlyPackage.Count} | {unpaired.Count} | {right} | {wrong} | {unlabelled} | {hazards.Count} | {found} | {Percent(found, hazards.Count)} |");
            details.AddRange(onlyPackage.Select(p => $"- {library.Name} only in package: {p.Rule} {p.Type}::{p.Member} (decompiled line {p.DecompiledLine}: `{p.Line.Trim()}`)"));
            details.AddRange(unpaired.Select(s => $"- {library.Name} only in source: {s.Judged.Finding.RuleId} {s.Type}::{s.Member} ({s.Judged.Finding.Path}:{s.Judged.Finding.Line}: `{s.Judged.Key.Line}`)"));
        }

        var judged = overall[0] + overall[1];
        output.WriteLine();
        output.WriteLine($"Package findings carrying a source label: {overall[0]} right, {overall[1]} wrong, {overall[2]} unlabelled; precision {Percent(overall[0], judged)}.");
        output.WriteLine($"Labelled hazards present at the tags: {overall[3]}, reached by a package finding: {overall[4]}; recall {Percent(overall[4], overall[3])}.");
        if (misses.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"### Labelled hazards at the tags no package finding reaches ({misses.Count})");
            misses.ForEach(m => output.WriteLine($"- {m.Key.Library} {m.Key.Rule} {m.Key.Path}: `{m.Key.Line}` — {m.Reason} ({m.Origin})"));
        }

        if (details.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("### Differences");
            details.ForEach(output.WriteLine);
        }
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:0.0} %";

    /// <summary>
    /// Names compared as the reader of an API reference sees them: an explicit interface implementation by its own name
    /// (source writes the interface as spelled, the decompiler fully qualified).
    /// </summary>
    private static (string, string, string) KeyOf(string rule, string type, string member)
        => (rule, type, member.StartsWith('.') ? member : member[(member.LastIndexOf('.') + 1)..]);

    private sealed record Package(string Version, List<PackageFindingRow> Findings);

    private static Dictionary<string, Package> ReadPackages(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var packages = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in document.RootElement.GetProperty("packages").EnumerateArray())
        {
            var findings = new List<PackageFindingRow>();
            if (package.TryGetProperty("findings", out var list))
            {
                foreach (var f in list.EnumerateArray().Where(f => f.TryGetProperty("role", out var role) && role.GetString() == "Shared"))
                {
                    var snippet = f.TryGetProperty("snippet", out var s) ? s.EnumerateArray().Select(l => l.GetString() ?? string.Empty).ToList() : new List<string>();
                    int? line = f.TryGetProperty("decompiledLine", out var d) ? d.GetInt32() : null;
                    int? start = f.TryGetProperty("snippetStartLine", out var st) ? st.GetInt32() : null;
                    var index = line - start ?? 0;
                    findings.Add(new PackageFindingRow(
                        f.GetProperty("ruleId").GetString()!,
                        f.GetProperty("type").GetString() ?? string.Empty,
                        f.GetProperty("member").GetString() ?? string.Empty,
                        line,
                        index >= 0 && index < snippet.Count ? snippet[index] : string.Empty));
                }
            }

            packages[package.GetProperty("id").GetString()!] = new Package(package.GetProperty("version").GetString()!, findings);
        }

        return packages;
    }
}
