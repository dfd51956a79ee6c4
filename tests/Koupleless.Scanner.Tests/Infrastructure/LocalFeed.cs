using System.IO;
using System.IO.Compression;
using System.Text;

namespace Koupleless.Scanner.Tests.Infrastructure;

/// <summary>
/// A NuGet folder feed inside a <see cref="TempTree"/>, with a nuget.config beside it that makes it the only source and
/// keeps the global packages folder inside the tree too: restores and downloads in the tests never touch the machine's.
/// </summary>
public sealed class LocalFeed
{
    public LocalFeed(TempTree tree, string folder = "feed")
    {
        Folder = tree.PathOf(folder);
        Directory.CreateDirectory(Folder);
        tree.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="test-feed" value="{Folder}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{tree.PathOf("packages")}" />
              </config>
            </configuration>
            """);
    }

    public string Folder { get; }

    /// <summary>Adds a package (a .nuspec plus the given entries) as feed/id.version.nupkg; returns its path.</summary>
    public string Add(string id, string version, params (string Entry, byte[] Content)[] entries)
    {
        var path = Path.Combine(Folder, $"{id.ToLowerInvariant()}.{version}.nupkg");
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Write(zip, id + ".nuspec", Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>tests</authors>
                <description>a package made by the tests</description>
              </metadata>
            </package>
            """));
        foreach (var (entry, content) in entries)
        {
            Write(zip, entry, content);
        }

        return path;
    }

    private static void Write(ZipArchive zip, string entry, byte[] content)
    {
        using var stream = zip.CreateEntry(entry).Open();
        stream.Write(content);
    }
}
