using System;
using System.IO;

namespace Koupleless.Analyzers.Package.Tests.Infrastructure;

internal static class RepoRoot
{
    /// <summary>The directory holding Koupleless.Analyzers.sln, found by walking up from the test assembly.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Koupleless.Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Koupleless.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
