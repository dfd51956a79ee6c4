using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Koupleless.Scanner.Loading;

/// <summary>
/// Reads a project's KouplelessRole or KouplelessModuleHost when the project does not reference the analyzer package
/// (so the property is not surfaced as build_property.*), and for `koupleless packages`, which reads no project at all. MSBuildWorkspace does not expose arbitrary properties, and a
/// second full evaluation per project would cost as much as the load itself, so this reads the XML that sets it in
/// practice: the project file, then the nearest Directory.Build.props upwards (MSBuild imports only the nearest).
/// The last unconditioned element wins, as in MSBuild; conditioned ones are ignored.
/// </summary>
public static class ProjectPropertyReader
{
    public const string Role = "KouplelessRole";
    public const string ModuleHost = "KouplelessModuleHost";

    public static string? Read(string projectPath, string propertyName)
    {
        var fromProject = ReadFile(projectPath, propertyName);
        if (fromProject is not null)
        {
            return fromProject;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath));
        while (directory is not null)
        {
            var props = Path.Combine(directory, "Directory.Build.props");
            if (File.Exists(props))
            {
                return ReadFile(props, propertyName);
            }

            directory = Path.GetDirectoryName(directory);
        }

        return null;
    }

    private static string? ReadFile(string path, string propertyName)
    {
        try
        {
            var document = XDocument.Load(path);
            var value = document.Descendants()
                .Where(e => e.Name.LocalName == propertyName
                    && e.Attribute("Condition") is null
                    && e.Parent?.Name.LocalName == "PropertyGroup"
                    && e.Parent.Attribute("Condition") is null)
                .Select(e => e.Value.Trim())
                .LastOrDefault(v => v.Length > 0 && !v.Contains("$(", StringComparison.Ordinal));
            return value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // An unreadable file is reported by the load itself; the role then stays the default.
            return null;
        }
    }
}
