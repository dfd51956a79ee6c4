using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Koupleless.Scanner.Filtering;

/// <summary>
/// --include/--exclude globs (e.g. "src/**", "**/Generated/**") over paths relative to the scan root.
/// No include means everything is included; an exclude always wins.
/// </summary>
public sealed class PathFilter
{
    private readonly Matcher? _include;
    private readonly Matcher? _exclude;

    public PathFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        if (include.Count > 0)
        {
            _include = new Matcher(System.StringComparison.OrdinalIgnoreCase);
            _include.AddIncludePatterns(include);
        }

        if (exclude.Count > 0)
        {
            _exclude = new Matcher(System.StringComparison.OrdinalIgnoreCase);
            _exclude.AddIncludePatterns(exclude);
        }
    }

    public static readonly PathFilter All = new(System.Array.Empty<string>(), System.Array.Empty<string>());

    public bool IsEmpty => _include is null && _exclude is null;

    /// <param name="relativePath">Relative to the scan root with forward slashes; files outside the root pass includes only when there are none.</param>
    public bool Accepts(string? relativePath)
    {
        if (IsEmpty || relativePath is null)
        {
            return true;
        }

        if (Path.IsPathRooted(relativePath))
        {
            return _include is null;
        }

        if (_exclude is not null && _exclude.Match(relativePath).HasMatches)
        {
            return false;
        }

        return _include is null || _include.Match(relativePath).HasMatches;
    }

    /// <summary>Whether a project can be skipped: its file is excluded, or none of its documents can pass.</summary>
    public bool RejectsProject(string relativeProjectPath, IEnumerable<string> relativeDocumentPaths)
    {
        if (IsEmpty)
        {
            return false;
        }

        if (_exclude is not null && _exclude.Match(relativeProjectPath).HasMatches)
        {
            return true;
        }

        return !relativeDocumentPaths.Any(Accepts);
    }
}
