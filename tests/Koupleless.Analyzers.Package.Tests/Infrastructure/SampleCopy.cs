using System.IO;
using System.Linq;

namespace Koupleless.Analyzers.Package.Tests.Infrastructure;

/// <summary>A fresh copy of tests/Samples: an up-to-date build would skip the compiler and print no warning.</summary>
internal static class SampleCopy
{
    /// <summary>Copies every file under <paramref name="from"/> except build output (bin, obj).</summary>
    public static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Adds a ProjectReference to <paramref name="project"/> to every project of the copy (a copy that references Koupleless.Adapters).</summary>
    public static void ReferenceProject(string copy, string project)
    {
        foreach (var file in Directory.EnumerateFiles(copy, "*.csproj", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var reference = $"  <ItemGroup>\n    <ProjectReference Include=\"{project}\" />\n  </ItemGroup>\n</Project>";
            File.WriteAllText(file, text.Replace("</Project>", reference));
        }
    }
}
