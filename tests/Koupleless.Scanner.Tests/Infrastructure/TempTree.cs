using System;
using System.IO;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>A temporary folder of files for one test class, deleted afterwards. Lives outside the repository so
/// the repository's Directory.Build.props and central package management do not apply to the projects in it.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree(string prefix)
    {
        Root = Path.Combine(Path.GetTempPath(), $"koupleless-{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public static string Project(string? role = null, string extra = "") =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <OutputType>Library</OutputType>
            {(role is null ? string.Empty : $"<KouplelessRole>{role}</KouplelessRole>")}
          </PropertyGroup>
          {extra}
        </Project>
        """;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
