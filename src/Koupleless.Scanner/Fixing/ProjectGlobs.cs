using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// Whether a new source file would be compiled by its project without editing the project file: an SDK-style project
/// globs in every .cs file under its folder (except bin/obj) unless EnableDefaultCompileItems is false. `koupleless fix`
/// never writes a Compile item (an SDK-style project that lists a globbed file twice fails with NETSDK1022).
/// </summary>
internal static class ProjectGlobs
{
    public static bool Includes(Project project, string sourcePath)
    {
        if (project.FilePath is null || !File.Exists(project.FilePath) || !sourcePath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(project.FilePath))!;
        var relative = Path.GetRelativePath(folder, Path.GetFullPath(sourcePath));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return false;
        }

        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        if (first is "bin" or "obj")
        {
            return false;
        }

        return IsSdkStyleWithDefaultCompileItems(project.FilePath);
    }

    private static bool IsSdkStyleWithDefaultCompileItems(string projectFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return false;
        }

        var root = document.Root;
        if (root is null)
        {
            return false;
        }

        var sdkStyle = root.Attribute("Sdk") is not null
            || root.Elements().Any(e => e.Name.LocalName == "Sdk")
            || root.Elements().Any(e => e.Name.LocalName == "Import" && e.Attribute("Sdk") is not null);
        var defaultsOff = root.Descendants()
            .Any(e => e.Name.LocalName is "EnableDefaultCompileItems" or "EnableDefaultItems"
                && string.Equals(e.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase));
        return sdkStyle && !defaultsOff;
    }
}
