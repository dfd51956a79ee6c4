using System.Collections.Generic;
using System.IO;

namespace Koupleless.Scanner.Packages.Closure;

/// <summary>Reads `--list FILE`: one "id@version" a line; '#' starts a comment; a bad line is named and skipped.</summary>
public static class PackageListFile
{
    public static (List<PackageRef> Packages, List<string> Problems) Read(string path)
    {
        var packages = new List<PackageRef>();
        var problems = new List<string>();
        var seen = new HashSet<PackageRef>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (PackageRef.TryParse(line, out var package, out var problem))
            {
                if (seen.Add(package!))
                {
                    packages.Add(package!);
                }
            }
            else
            {
                problems.Add($"{path}({lineNumber}): {problem}");
            }
        }

        return (packages, problems);
    }
}
