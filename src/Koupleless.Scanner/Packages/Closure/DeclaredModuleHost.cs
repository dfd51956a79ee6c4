using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Koupleless.Scanner.Loading;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>
/// Whose host the modules of the scanned projects run under, as the projects declare it (KouplelessModuleHost, read from
/// the project files as `koupleless scan` reads KouplelessRole). A package judged for them cannot see it; KPL3005 needs
/// it. One value for the whole run, since a package is judged once for every project that uses it.
/// </summary>
public static class DeclaredModuleHost
{
    /// <summary>"Own" or "Base" for a value the analyzers know (read as they read it); null for anything else.</summary>
    public static string? Normalise(string? value) => ModuleHostReader.Parse(value, out _) switch
    {
        ModuleHost.Own => "Own",
        ModuleHost.Base => "Base",
        _ => null,
    };

    /// <summary>
    /// The value the projects that set it agree on; null when none sets it, or when they disagree or a value is unknown
    /// (each said in <paramref name="problems"/>): the packages are then judged without a module host.
    /// </summary>
    public static string? Of(IEnumerable<string> projects, List<string> problems)
    {
        var declared = new List<(string Project, string Value)>();
        foreach (var project in projects)
        {
            var raw = ProjectPropertyReader.Read(project, ProjectPropertyReader.ModuleHost);
            if (raw is null)
            {
                continue;
            }

            if (Normalise(raw) is not { } value)
            {
                problems.Add($"{project}: KouplelessModuleHost '{raw}' is not Own or Base; ignored (KPL9004)");
                continue;
            }

            declared.Add((project, value));
        }

        var values = declared.Select(d => d.Value).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > 1)
        {
            problems.Add("the scanned projects declare different KouplelessModuleHost values ("
                + string.Join(", ", declared.Select(d => $"{d.Project}: {d.Value}"))
                + "); packages are judged without one: scan each module on its own, or pass --module-host");
            return null;
        }

        return values.SingleOrDefault();
    }
}
