using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Model;

namespace Koupleless.Scanner.Reporting;

/// <summary>
/// `koupleless scan --emit-catalog FILE`: turns a scan of the base's shared libraries into a hazard catalog for the
/// modules. A KPL3010 finding in Shared or Base code names the members a module calls that hand its types to a
/// process-wide cache (a shared <c>ToJsonObject&lt;T&gt;</c> over static reflection-based options); module code sees only
/// those members' signatures, so each becomes a KPL3010 line (docs/catalog.md) and the modules' analyzers then report
/// every call that passes a module type. Suppressed findings and findings already in the baseline are left out.
/// </summary>
public static class ModuleCatalogExport
{
    private const string Hint = "serialize the module's type with the module's own source-generated context instead of the shared helper, or declare the type in a shared library";

    public static IReadOnlyList<string> Lines(ScanReport report)
    {
        var lines = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var caches = report.Findings
            .Where(f => f.IsActive && f.SharedCache is not null)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Line);
        foreach (var finding in caches)
        {
            var reason = Field($"{finding.SharedCache!.Cache}, filled by the shared '{finding.Project}' at {finding.Path}:{finding.Line}");
            foreach (var entryPoint in finding.SharedCache.EntryPoints)
            {
                if (seen.Add(entryPoint))
                {
                    lines.Add($"KPL3010 | {entryPoint} | {reason} | {Hint}");
                }
            }
        }

        return lines;
    }

    /// <summary>Writes the catalog (a header saying where it comes from, then the lines); the folder is created.</summary>
    public static int Write(ScanReport report, string path)
    {
        var lines = Lines(report);
        var header = new[]
        {
            $"# Koupleless hazard catalog written by `koupleless scan --emit-catalog` from {report.Target} ({report.Tool.Name} {report.Tool.Version}).",
            "# Members of the base's shared code that hand a module's types to a process-wide cache (KPL3010 in shared code).",
            "# Add it to the modules' builds (KouplelessCatalogDirectory, or <KouplelessCatalog Include=\"...\" />; docs/catalog.md).",
        };
        OutputFile.WriteAllText(path, string.Join(Environment.NewLine, header.Concat(lines)) + Environment.NewLine);
        return lines.Count;
    }

    /// <summary>A catalog field cannot hold '|' or a line break.</summary>
    private static string Field(string text) => text.Replace('|', '/').Replace('\r', ' ').Replace('\n', ' ');
}
