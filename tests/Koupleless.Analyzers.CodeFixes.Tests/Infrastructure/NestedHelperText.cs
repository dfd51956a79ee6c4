using System.Linq;

namespace Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;

/// <summary>
/// The text of a helper type a fix nests in the type it serves (the fixes add no documents): written here, not taken
/// from the fixer's own layout code, so a test pins where and how the helper lands.
/// </summary>
internal static class NestedHelperText
{
    /// <summary>
    /// <paramref name="template"/> (a type declaration at column 0) indented by <paramref name="indentation"/>, inside the
    /// nullable region the fix wraps it in; the caller puts a blank line before it and the type's closing brace after it.
    /// </summary>
    public static string At(string template, string indentation)
    {
        var lines = template.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : indentation + line);
        return "#nullable enable\n" + string.Join("\n", lines) + "\n#nullable restore";
    }

    /// <summary>A compilable host for a runtime test: <paramref name="template"/> nested in <c>public static class <paramref name="host"/></c>.</summary>
    public static string InHost(string template, string namespaceName, string host, string usings = "")
        => usings + "\nnamespace " + namespaceName + "\n{\n    public static partial class " + host + "\n    {\n" + At(template, "        ") + "\n    }\n}\n";
}
