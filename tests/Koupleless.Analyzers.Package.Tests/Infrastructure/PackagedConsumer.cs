using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Koupleless.Analyzers.Package.Tests.Infrastructure;

/// <summary>
/// Packs Koupleless.Analyzers once (no build: the project reference built it already) into a temporary folder
/// feed, then restores and builds one consumer solution once. Every test reads that one build log, which keeps
/// the whole end-to-end run to a pack, a restore and a build.
/// </summary>
public sealed class PackagedConsumer : IDisposable
{
    public const string Consumer = "Consumer";

    private readonly string _root;

    public PackagedConsumer()
    {
        RepositoryRoot = RepoRoot.Find();
        _root = Path.Combine(Path.GetTempPath(), "kpl-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        PackagesFolder = Path.Combine(_root, "packages");
        Feed = Path.Combine(_root, "feed");
        // A version no cache has seen: a stale package from an earlier run can never be the one tested.
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");

        var configuration = typeof(PackagedConsumer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PackageProjectConfiguration").Value!;
        Pack = DotNetCli.Run(RepositoryRoot, PackagesFolder,
            "pack", Path.Combine("src", "Koupleless.Analyzers.CodeFixes", "Koupleless.Analyzers.CodeFixes.csproj"),
            "--no-build", "-c", configuration, "-o", Feed,
            "-p:Version=" + Version, "-p:NuspecOutputPath=" + Path.Combine(_root, "nuspec") + Path.DirectorySeparatorChar,
            "-nodeReuse:false", "-tl:off");
        PackagePath = Path.Combine(Feed, $"Koupleless.Analyzers.{Version}.nupkg");
        if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            Build = new DotNetResult(-1, "not built: the pack failed", TimeSpan.Zero);
            Diagnostics = Array.Empty<BuildDiagnostic>();
            return;
        }

        var solution = ConsumerSolution.WriteTo(Path.Combine(_root, Consumer), Feed, DotNetCli.UserPackagesFolder(), Version);
        Build = DotNetCli.Run(Path.GetDirectoryName(solution)!, PackagesFolder,
            "build", solution, "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-v:minimal");
        Diagnostics = BuildDiagnostic.Parse(Build.Output);
    }

    public string RepositoryRoot { get; }

    public string PackagesFolder { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public DotNetResult Pack { get; }

    public DotNetResult Build { get; }

    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    public IReadOnlyList<BuildDiagnostic> In(string project) => Diagnostics.Where(d => d.ProjectName == project).ToList();

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
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackagedConsumerCollection : ICollectionFixture<PackagedConsumer>
{
    public const string Name = "packaged consumer";
}
