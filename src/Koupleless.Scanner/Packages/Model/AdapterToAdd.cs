using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Packages.Closure;

namespace Koupleless.Scanner.Packages.Model;

/// <summary>
/// An adapter package that applied entries name and the scanned closure does not hold yet: what to add, for which
/// packages, and to which projects (those that restore the packages). KPL9003 asks the same of each project at build time.
/// </summary>
public sealed record AdapterToAdd(string Package, string Version, IReadOnlyList<string> For, IReadOnlyList<string> Projects)
{
    /// <summary>Computed from the packages (so a merged report gets it too); ordered by adapter id.</summary>
    public static List<AdapterToAdd> In(IReadOnlyCollection<PackageResult> packages)
    {
        var present = new HashSet<string>(packages.Select(p => p.Id), StringComparer.OrdinalIgnoreCase);
        return packages
            .SelectMany(p => p.Adapters
                .Where(a => a.AdapterPackage is not null && a.AdapterVersion is not null && a.Problem is null && !present.Contains(a.AdapterPackage))
                .Select(a => (Adapter: a, Package: p)))
            .GroupBy(x => (x.Adapter.AdapterPackage!, x.Adapter.AdapterVersion!))
            .OrderBy(g => g.Key.Item1, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AdapterToAdd(
                g.Key.Item1,
                g.Key.Item2,
                g.Select(x => x.Package.Id + " " + x.Package.Version).Distinct(StringComparer.Ordinal).ToList(),
                g.SelectMany(x => x.Package.UsedBy ?? new List<PackageUse>()).Select(u => u.Project).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>"Koupleless.Adapters.Serilog 0.1.0 for Serilog 4.0.0 (App/App.csproj)".</summary>
    public override string ToString()
        => $"{Package} {Version} for {string.Join(", ", For)}" + (Projects.Count == 0 ? string.Empty : $" ({string.Join(", ", Projects)})");
}
