using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Koupleless.Scanner.Reporting.GitHub;

/// <summary>
/// GitHub Actions workflow commands that create annotations: a line <c>::warning file=F,line=L,title=T::message</c>
/// printed to the step's output becomes an annotation on that line of the pull request's diff and of the run summary.
/// GitHub shows at most <see cref="ShownPerKind"/> annotations of each kind (error, warning, notice) per step; more are
/// dropped silently, so writers print that many and say how many more the reports hold.
/// </summary>
public static class WorkflowCommand
{
    public const int ShownPerKind = 10;

    public const string Error = "error";
    public const string Warning = "warning";
    public const string Notice = "notice";

    /// <summary>One annotation command; properties with a null value are left out.</summary>
    public static string Annotation(string kind, string message, params (string Name, string? Value)[] properties)
    {
        var line = new StringBuilder("::").Append(kind);
        var present = properties.Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        for (var i = 0; i < present.Count; i++)
        {
            line.Append(i == 0 ? ' ' : ',').Append(present[i].Name).Append('=').Append(EscapeProperty(present[i].Value!));
        }

        return line.Append("::").Append(EscapeData(message)).ToString();
    }

    /// <summary>The message part: '%', CR and LF would end or corrupt the command (the runner decodes these three).</summary>
    public static string EscapeData(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>A property value: also ':' and ',' which separate the command's parts.</summary>
    public static string EscapeProperty(string text) => EscapeData(text).Replace(":", "%3A").Replace(",", "%2C");

    /// <summary>
    /// A file as the runner expects it: relative to the repository checkout (<paramref name="workspace"/>, the
    /// GITHUB_WORKSPACE folder) with forward slashes; an absolute path when the file lies outside it.
    /// </summary>
    public static string FilePath(string fullPath, string workspace)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(workspace), Path.GetFullPath(fullPath));
        return relative.StartsWith("..", System.StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.GetFullPath(fullPath)
            : relative.Replace('\\', '/');
    }

    /// <summary>Where annotation paths are relative to: GITHUB_WORKSPACE in a GitHub Actions job, else the current folder.</summary>
    public static string DefaultWorkspace()
        => System.Environment.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } workspace ? workspace : Directory.GetCurrentDirectory();

    /// <summary>Keeps the first <see cref="ShownPerKind"/> of each kind; returns them and how many were left out.</summary>
    public static (IReadOnlyList<T> Shown, int Omitted) FirstOfEachKind<T>(IEnumerable<T> items, System.Func<T, string> kind)
    {
        var counts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var shown = new List<T>();
        var omitted = 0;
        foreach (var item in items)
        {
            var key = kind(item);
            counts.TryGetValue(key, out var count);
            if (count < ShownPerKind)
            {
                shown.Add(item);
                counts[key] = count + 1;
            }
            else
            {
                omitted++;
            }
        }

        return (shown, omitted);
    }
}
