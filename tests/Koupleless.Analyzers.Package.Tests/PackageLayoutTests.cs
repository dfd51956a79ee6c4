using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Package.Tests;

/// <summary>What `dotnet pack` puts in Koupleless.Analyzers.nupkg.</summary>
[Collection(PackagedConsumerCollection.Name)]
public sealed class PackageLayoutTests(PackagedConsumer consumer)
{
    [Fact]
    public void Pack_succeeds()
    {
        Assert.True(consumer.Pack.ExitCode == 0, consumer.Pack.ToString());
        Assert.True(File.Exists(consumer.PackagePath), consumer.Pack.ToString());
    }

    [Fact]
    public void Both_assemblies_are_analyzers_for_CSharp_and_nothing_is_a_lib_reference()
    {
        var entries = Entries();

        Assert.Contains("analyzers/dotnet/cs/Koupleless.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Koupleless.Analyzers.CodeFixes.dll", entries);
        // An analyzer package must not add compile references to the consumer.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/") || e.StartsWith("ref/"));
    }

    [Fact]
    public void Build_props_and_targets_and_readme_are_packed()
    {
        var entries = Entries();

        Assert.Contains("build/Koupleless.Analyzers.props", entries);
        Assert.Contains("build/Koupleless.Analyzers.targets", entries);
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void Nuspec_declares_a_development_dependency_without_dependencies()
    {
        using var archive = ZipFile.OpenRead(consumer.PackagePath);
        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec"));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("Koupleless.Analyzers", Value("id"));
        Assert.Equal(consumer.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        // The analyzers run inside the compiler, which already provides Roslyn: no package dependency may flow.
        Assert.Null(Value("dependencies"));
    }

    private string[] Entries()
    {
        Assert.True(File.Exists(consumer.PackagePath), consumer.Pack.ToString());
        using var archive = ZipFile.OpenRead(consumer.PackagePath);
        return archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToArray();
    }
}
