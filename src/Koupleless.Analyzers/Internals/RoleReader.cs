using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Internals;

/// <summary>Reads <c>build_property.KouplelessRole</c>, which the package's props surface through CompilerVisibleProperty.</summary>
internal static class RoleReader
{
    public const string PropertyKey = "build_property.KouplelessRole";

    /// <summary>
    /// The project's role; <see cref="KouplelessRole.Module"/> when the property is unset.
    /// An unknown value also yields Module (the safest, most common role) and is reported by KPL9002.
    /// </summary>
    public static KouplelessRole Read(AnalyzerOptions options) => Read(options, out _);

    public static KouplelessRole Read(AnalyzerOptions options, out string? unknownValue)
    {
        unknownValue = null;
        if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var raw))
        {
            return KouplelessRole.Module;
        }

        var value = raw.Trim();
        if (value.Length == 0 || value.Equals("Module", StringComparison.OrdinalIgnoreCase))
        {
            return KouplelessRole.Module;
        }

        if (value.Equals("Shared", StringComparison.OrdinalIgnoreCase))
        {
            return KouplelessRole.Shared;
        }

        if (value.Equals("Base", StringComparison.OrdinalIgnoreCase))
        {
            return KouplelessRole.Base;
        }

        unknownValue = value;
        return KouplelessRole.Module;
    }
}
