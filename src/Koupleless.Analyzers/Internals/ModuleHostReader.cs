using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Internals;

/// <summary>Whose host a module's code runs under, as the project declares it.</summary>
internal enum ModuleHost
{
    /// <summary>Not declared: the rules look at the project's own code (does it build a host?).</summary>
    Unknown,

    /// <summary>The module builds and stops a host of its own; the lifetime and configuration its code is given are its own.</summary>
    Own,

    /// <summary>The base hands its host's services (lifetime, configuration) to the module.</summary>
    Base,
}

/// <summary>
/// Reads <c>build_property.KouplelessModuleHost</c>, which the package's props surface through CompilerVisibleProperty.
/// A library cannot see who hosts the module that loads it (a package a module loads, one of the module's class
/// libraries); the module's projects can say it once, in a Directory.Build.props.
/// </summary>
internal static class ModuleHostReader
{
    public const string PropertyKey = "build_property.KouplelessModuleHost";

    public static ModuleHost Read(AnalyzerOptions options) => Read(options, out _);

    /// <summary>The declared host; an unknown value counts as not declared and is reported by KPL9004.</summary>
    public static ModuleHost Read(AnalyzerOptions options, out string? unknownValue)
    {
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var raw);
        return Parse(raw, out unknownValue);
    }

    /// <summary>
    /// The property's value as the analyzers read it (<c>Own</c>, <c>Base</c>, any case, spaces trimmed; empty is unset),
    /// also for `koupleless packages`, which reads it from project files.
    /// </summary>
    public static ModuleHost Parse(string? raw, out string? unknownValue)
    {
        unknownValue = null;
        var value = raw?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return ModuleHost.Unknown;
        }

        if (value.Equals("Own", StringComparison.OrdinalIgnoreCase))
        {
            return ModuleHost.Own;
        }

        if (value.Equals("Base", StringComparison.OrdinalIgnoreCase))
        {
            return ModuleHost.Base;
        }

        unknownValue = value;
        return ModuleHost.Unknown;
    }
}
