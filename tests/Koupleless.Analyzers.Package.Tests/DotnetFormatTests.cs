using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Package.Tests;

/// <summary>
/// Issue 18: `dotnet format analyzers` (the way CI applies analyzer fixes) over a copy of the sample solution, as is and
/// referencing Koupleless.Adapters. Before, the fixes that need a helper type added documents, MSBuildWorkspace wrote
/// `Compile` items into the SDK-style projects and the next build failed (NETSDK1022), and dotnet format printed
/// "didn't return a Fix All action" for several fixers. Now: no project file or new file is written, every fixer gives a
/// Fix All action, the solution builds with no compiler warning, and at least half of the KPL findings are gone.
/// </summary>
public sealed class DotnetFormatTests : IDisposable
{
    private static readonly Regex CompilerWarning = new(@"warning CS\d{4}:.*$", RegexOptions.Multiline | RegexOptions.Compiled);

    private readonly string _copy = Path.Combine(Path.GetTempPath(), "kpl-format-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dotnet_format_fixes_at_least_half_of_the_findings_and_the_samples_still_build(bool withAdapters)
    {
        var root = RepoRoot.Find();
        SampleCopy.CopySources(Path.Combine(root, "tests", "Samples"), _copy);
        if (withAdapters)
        {
            SampleCopy.ReferenceProject(_copy, Path.Combine(root, "src", "Koupleless.Adapters", "Koupleless.Adapters.csproj"));
        }

        // An environment variable, not a global property: it must not reach the analyzer projects themselves.
        var environment = new Dictionary<string, string> { ["KouplelessAnalyzersRoot"] = Path.Combine(root, "src") + Path.DirectorySeparatorChar };
        var projectsBefore = ProjectFiles();
        var sourcesBefore = SourceFiles();

        var before = Build(environment);
        var format = DotNetCli.Run(_copy, packagesDirectory: null, environment,
            "format", "analyzers", "Koupleless.Samples.sln", "--severity", "warn", "-v:detailed");
        var after = Build(environment);

        Assert.True(format.ExitCode == 0, format.ToString());
        Assert.DoesNotContain("Fix All action", format.Output);
        Assert.Equal(projectsBefore, ProjectFiles());
        Assert.Equal(sourcesBefore.Keys.OrderBy(k => k), SourceFiles().Keys.OrderBy(k => k));
        Assert.Contains(SourceFiles(), file => file.Value != sourcesBefore[file.Key]);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Empty(CompilerWarning.Matches(after.Output).Select(m => m.Value).Distinct());
        var found = Findings(before);
        var left = Findings(after);
        Assert.True(found > 0, before.ToString());
        Assert.True(left * 2 <= found, $"{left} of {found} KPL findings left after dotnet format:\n{after}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_copy, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// A full build of the copy (its bin and obj deleted first, so every project compiles and prints its warnings). Not
    /// --no-incremental: that would also rebuild the analyzer projects in src/, under the other tests' builds.
    /// </summary>
    private DotNetResult Build(IReadOnlyDictionary<string, string> environment)
    {
        foreach (var output in Directory.EnumerateDirectories(_copy, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(d) is "bin" or "obj").ToList())
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }

        return DotNetCli.Run(_copy, packagesDirectory: null, environment,
            "build", "Koupleless.Samples.sln", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-v:minimal");
    }

    private static int Findings(DotNetResult build) => BuildDiagnostic.Parse(build.Output).Select(d => (d.Origin, d.Id)).Distinct().Count();

    private Dictionary<string, string> ProjectFiles() => Files("*.csproj");

    private Dictionary<string, string> SourceFiles() => Files("*.cs");

    private Dictionary<string, string> Files(string pattern)
        => Directory.EnumerateFiles(_copy, pattern, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(_copy, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .ToDictionary(f => Path.GetRelativePath(_copy, f), File.ReadAllText);
}
