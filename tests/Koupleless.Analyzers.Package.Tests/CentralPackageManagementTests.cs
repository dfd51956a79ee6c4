using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Package.Tests;

/// <summary>
/// README's install snippets, taken from README.md itself (each follows a "tested by" comment naming this file), in a
/// repository without and with Central Package Management: each restores and builds with the locally packed package
/// and the analyzers report. Before, README offered only the PackageReference with a Version, which a repository
/// with ManagePackageVersionsCentrally rejects (NU1008).
/// </summary>
[Collection(PackagedConsumerCollection.Name)]
public sealed class CentralPackageManagementTests(PackagedConsumer consumer) : IDisposable
{
    private const string Plain = "PlainApp";          // no CPM: the PackageReference with a Version
    private const string Central = "CentralApp";      // CPM: PackageVersion + PackageReference without a Version
    private const string Global = "GlobalApp";        // CPM: one GlobalPackageReference

    private const string ExitSource = """
        namespace Consumer;

        public static class Shutdown
        {
            public static void Stop() => System.Environment.Exit(1);
        }
        """;

    private const int ExitLine = 5;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kpl-cpm-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Readme_install_snippets_build_with_and_without_central_package_management()
    {
        Assert.True(consumer.Pack.ExitCode == 0, consumer.Pack.ToString());
        var readme = File.ReadAllText(Path.Combine(consumer.RepositoryRoot, "README.md"));
        string Snippet(string name) => Readme(readme, name).Replace("Version=\"0.1.0\"", $"Version=\"{consumer.Version}\"", StringComparison.Ordinal);

        ConsumerSolution.WriteNuGetConfig(_root, consumer.Feed, DotNetCli.UserPackagesFolder());
        ConsumerSolution.Write(_root, "Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        Project(Plain, Snippet("PackageReference with Version"));
        Project(Central, Snippet("PackageReference"));
        ConsumerSolution.Write(Path.Combine(_root, Central), "Directory.Packages.props", PackagesProps(Snippet("Directory.Packages.props")));
        Project(Global, string.Empty);
        ConsumerSolution.Write(Path.Combine(_root, Global), "Directory.Packages.props", PackagesProps(Snippet("GlobalPackageReference")));
        var solution = Path.Combine(_root, "Cpm.slnx");
        File.WriteAllText(solution, $"<Solution>{string.Concat(new[] { Plain, Central, Global }.Select(p => $"<Project Path=\"{p}/{p}.csproj\" />"))}</Solution>\n");

        var build = DotNetCli.Run(_root, consumer.PackagesFolder, "build", solution, "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-v:minimal");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("NU1008", build.Output);
        var diagnostics = BuildDiagnostic.Parse(build.Output);
        Assert.All(new[] { Plain, Central, Global }, project => Assert.Contains(
            diagnostics, d => d.ProjectName == project && d.Id == "KPL1004" && d.Severity == "warning" && d.LineNumber == ExitLine));
    }

    /// <summary>The ```xml block after README's "tested by …CentralPackageManagementTests.cs: name" comment.</summary>
    private static string Readme(string readme, string name)
    {
        var match = Regex.Match(readme, $@"<!-- tested by [^\n]*{nameof(CentralPackageManagementTests)}\.cs: {Regex.Escape(name)} -->\r?\n```xml\r?\n(?<xml>.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no install snippet marked \"{name}\"");
        return match.Groups["xml"].Value;
    }

    private static string PackagesProps(string items) => $"""
        <Project>
          <PropertyGroup>
            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
          </PropertyGroup>
        {items}</Project>
        """;

    private void Project(string name, string items)
    {
        var directory = Path.Combine(_root, name);
        ConsumerSolution.Write(directory, name + ".csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
            {items}</Project>
            """);
        ConsumerSolution.Write(directory, "Shutdown.cs", ExitSource);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server still holding a file must not fail the run; the folder is in the temp directory.
        }
    }
}
