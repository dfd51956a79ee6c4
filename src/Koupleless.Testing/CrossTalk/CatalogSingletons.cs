using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Koupleless.Testing.CrossTalk;

/// <summary>
/// The library singletons of the hazard catalog (rules/KouplelessHazards.StaticState.txt, KPL1005 lines that name a
/// static property setter, e.g. <c>M:Newtonsoft.Json.JsonConvert.set_DefaultSettings(...)</c>) whose library the base
/// shares: loaded in the default context of this process. One catalog for the analyzers and this check.
/// </summary>
internal static class CatalogSingletons
{
    private static readonly Lazy<IReadOnlyList<(string TypeName, string Property)>> Setters = new(ReadCatalog);

    public sealed record Singleton(string Name, Func<object?> Read);

    public static IEnumerable<Singleton> Present()
    {
        var shared = AssemblyLoadContext.Default.Assemblies.ToList();
        foreach (var (typeName, property) in Setters.Value)
        {
            var getter = shared.Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null)
                ?.GetProperty(property, BindingFlags.Public | BindingFlags.Static);
            if (getter is { CanRead: true })
            {
                yield return new Singleton(typeName + "." + property, () => getter.GetValue(null));
            }
        }
    }

    /// <summary>Whether a retention root ("static field Type.Property", an auto-property's field) is one of the catalog's singletons.</summary>
    public static bool IsRoot(string root)
        => Setters.Value.Any(setter => root == $"static field {setter.TypeName}.{setter.Property}");

    private static IReadOnlyList<(string, string)> ReadCatalog()
    {
        using var stream = typeof(CatalogSingletons).Assembly.GetManifestResourceStream("Koupleless.Testing.KouplelessHazards.StaticState.txt");
        if (stream is null)
        {
            return Array.Empty<(string, string)>();
        }

        using var reader = new StreamReader(stream);
        var setters = new List<(string, string)>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var columns = line.Split('|', StringSplitOptions.TrimEntries);
            if (columns.Length < 2 || columns[0] != "KPL1005" || !columns[1].StartsWith("M:", StringComparison.Ordinal))
            {
                continue;
            }

            // "M:Namespace.Type.set_Property(args)" → ("Namespace.Type", "Property")
            var member = columns[1][2..].Split('(')[0];
            var dot = member.LastIndexOf('.');
            if (dot > 0 && member[(dot + 1)..].StartsWith("set_", StringComparison.Ordinal))
            {
                setters.Add((member[..dot], member[(dot + 5)..]));
            }
        }

        return setters.Distinct().ToList();
    }
}
