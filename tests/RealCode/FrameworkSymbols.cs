using System;
using System.Collections.Generic;
using System.Globalization;

namespace Koupleless.RealCode;

/// <summary>The preprocessor symbols the .NET SDK defines for a target framework (net8.0, netstandard2.1, ...).</summary>
internal static class FrameworkSymbols
{
    private static readonly string[] CoreAppVersions = { "1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1" };
    private static readonly string[] NetVersions = { "5.0", "6.0", "7.0", "8.0", "9.0", "10.0" };
    private static readonly string[] StandardVersions = { "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1" };

    public static IReadOnlyList<string> For(string framework)
    {
        var symbols = new List<string> { "TRACE", "RELEASE" };
        if (framework.StartsWith("netstandard", StringComparison.Ordinal))
        {
            var version = framework["netstandard".Length..];
            symbols.Add("NETSTANDARD");
            symbols.Add("NETSTANDARD" + Underscored(version));
            AddOrGreater(symbols, "NETSTANDARD", StandardVersions, version);
            return symbols;
        }

        if (framework.StartsWith("net", StringComparison.Ordinal) && framework.Contains('.'))
        {
            var version = framework[3..];
            symbols.AddRange(new[] { "NET", "NETCOREAPP", "NET" + Underscored(version) });
            foreach (var coreApp in CoreAppVersions)
            {
                symbols.Add("NETCOREAPP" + Underscored(coreApp) + "_OR_GREATER");
            }

            AddOrGreater(symbols, "NET", NetVersions, version);
            return symbols;
        }

        throw new ArgumentException($"unsupported target framework '{framework}' (use netX.Y or netstandardX.Y)", nameof(framework));
    }

    private static void AddOrGreater(List<string> symbols, string prefix, string[] versions, string upTo)
    {
        var limit = double.Parse(upTo, CultureInfo.InvariantCulture);
        foreach (var version in versions)
        {
            if (double.Parse(version, CultureInfo.InvariantCulture) <= limit)
            {
                symbols.Add(prefix + Underscored(version) + "_OR_GREATER");
            }
        }
    }

    private static string Underscored(string version) => version.Replace('.', '_');
}
