using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Adapters;

/// <summary>The libraries a compilation references whose table entry names an adapter package it does not reference.</summary>
public static class MissingAdapters
{
    /// <returns>By assembly name: the entry that applies and the referenced assembly.</returns>
    public static Dictionary<string, (AdapterRequirement Requirement, AssemblyIdentity Assembly)> Of(Compilation compilation, ImmutableArray<AdapterRequirement> table)
    {
        var missing = new Dictionary<string, (AdapterRequirement, AssemblyIdentity)>(StringComparer.OrdinalIgnoreCase);
        if (table.IsEmpty)
        {
            return missing;
        }

        var referenced = new Dictionary<string, AssemblyIdentity>(StringComparer.OrdinalIgnoreCase);
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            referenced[identity.Name] = identity;
        }

        foreach (var entry in table)
        {
            // An adapter project itself references its library; the library's own compilation needs no adapter.
            if (entry.AdapterId is null
                || !referenced.TryGetValue(entry.PackageId, out var library)
                || !entry.Matches(library.Name, library.Version)
                || referenced.ContainsKey(entry.AdapterId)
                || string.Equals(compilation.AssemblyName, entry.AdapterId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            missing[library.Name] = (entry, library);
        }

        return missing;
    }
}
