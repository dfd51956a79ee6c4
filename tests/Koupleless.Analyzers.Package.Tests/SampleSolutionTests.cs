using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Package.Tests;

/// <summary>
/// README's first command, `dotnet build tests/Samples/Koupleless.Samples.sln`, keeps working as rules are added:
/// it succeeds, prints KPL warnings for each role, and no analyzer crashes (AD0001) on realistic code.
/// The samples are built from a fresh copy: an up-to-date build would skip the compiler and print no warning.
/// </summary>
public sealed class SampleSolutionTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "kpl-samples-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Sample_solution_builds_with_KPL_warnings_in_every_project_and_no_analyzer_crash()
    {
        var root = RepoRoot.Find();
        SampleCopy.CopySources(Path.Combine(root, "tests", "Samples"), _copy);
        // An environment variable, not a global property: it must not reach the analyzer projects themselves.
        var environment = new Dictionary<string, string> { ["KouplelessAnalyzersRoot"] = Path.Combine(root, "src") + Path.DirectorySeparatorChar };

        var build = DotNetCli.Run(_copy, packagesDirectory: null, environment,
            "build", "Koupleless.Samples.sln", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-v:minimal");

        Assert.True(build.ExitCode == 0, build.ToString());
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        Assert.All(new[] { "Sample.Base", "Sample.Shared", "Sample.Module" },
            project => Assert.True(diagnostics.Any(d => d.ProjectName == project && d.Severity == "warning"), $"no KPL warning in {project}:\n{build}"));
        Assert.Contains(diagnostics, d => d.ProjectName == "Sample.Module" && d.Id == "KPL1004");
        Assert.DoesNotContain(diagnostics, d => d.ProjectName == "Sample.Base" && d.Id == "KPL1004");
        Assert.DoesNotContain("AD0001", build.Output);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("KPL9"));
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
}
