using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// The C# project paths a .sln or .slnx lists, read without MSBuild: used to restore projects one by one when
/// restoring the whole solution fails (one broken project must not leave every other one unrestored).
/// </summary>
public static partial class SolutionFile
{
    public static IReadOnlyList<string> ProjectPaths(string solutionPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
        IEnumerable<string> relative;
        try
        {
            relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
                ? XDocument.Load(solutionPath).Descendants().Where(e => e.Name.LocalName == "Project").Select(e => (string?)e.Attribute("Path") ?? string.Empty)
                : SlnProjectLine().Matches(File.ReadAllText(solutionPath)).Select(m => m.Groups[1].Value);
            relative = relative.ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return Array.Empty<string>();
        }

        return relative
            .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(directory, p.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""[^""]*""\s*,\s*""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex SlnProjectLine();
}
