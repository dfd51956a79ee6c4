using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Koupleless.Analyzers.Tests.Infrastructure;

/// <summary>Reference assemblies and packages the tests compile against (restored once into the NuGet cache).</summary>
public static class TestReferences
{
    /// <summary>.NET 8: the oldest supported runtime with AssemblyLoadContext.EnterContextualReflection and friends.</summary>
    public static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80;

    // Every package below is a PackageDownload of the test project: keep the two lists in step.
    public static readonly PackageIdentity NewtonsoftJson = new("Newtonsoft.Json", "13.0.3");
    public static readonly PackageIdentity Serilog = new("Serilog", "4.0.0");
    public static readonly PackageIdentity NLog = new("NLog", "5.5.1");
    public static readonly PackageIdentity Dapper = new("Dapper", "2.1.66");

    /// <summary>
    /// Flurl.Http in the two signature sets the KPL3010 catalog lines cover: 2.4.2 (Newtonsoft.Json, CancellationToken
    /// before HttpCompletionOption) and 4.0.2 (System.Text.Json, the other order, Uri overloads), each with the Flurl
    /// that declares <c>Flurl.Url</c> (3.0.1 and 4.0.0: the nearest versions served here).
    /// </summary>
    public static ImmutableArray<MetadataReference> FlurlHttp2 => FromNuGetCache(new("Flurl.Http", "2.4.2")).AddRange(FromNuGetCache(new("Flurl", "3.0.1")));

    /// <summary>Hangfire.Core 1.8.25 (a background job's arguments are serialized with Newtonsoft.Json, KPL3010 catalog lines).</summary>
    public static ImmutableArray<MetadataReference> Hangfire => FromNuGetCache(new("Hangfire.Core", "1.8.25")).AddRange(FromNuGetCache(NewtonsoftJson));

    /// <summary>Google.Apis.Core 1.78.0 (its JSON serializer is Newtonsoft.Json: KPL3010 catalog lines).</summary>
    public static ImmutableArray<MetadataReference> GoogleApisCore => FromNuGetCache(new("Google.Apis.Core", "1.78.0")).AddRange(FromNuGetCache(NewtonsoftJson));

    public static ImmutableArray<MetadataReference> FlurlHttp4 => FromNuGetCache(new("Flurl.Http", "4.0.2")).AddRange(FromNuGetCache(new("Flurl", "4.0.0")));

    /// <summary>AutoMapper 8.0.0, the last line with the static <c>Mapper.Initialize</c> (removed in 9.0).</summary>
    public static MetadataReference AutoMapper8 => FromNuGetCache(new("AutoMapper", "8.0.0")).Single();

    /// <summary>Microsoft.Win32.SystemEvents 9.0.19 (the version this feed serves; not part of the shared framework).</summary>
    public static MetadataReference SystemEvents9 => FromNuGetCache(new("Microsoft.Win32.SystemEvents", "9.0.19")).Single();

    /// <summary>Microsoft.Extensions.Primitives 8.0.0 (ChangeToken, KPL3005).</summary>
    public static MetadataReference ExtensionsPrimitives8 => FromNuGetCache(new("Microsoft.Extensions.Primitives", "8.0.0")).Single();

    /// <summary>Microsoft.Extensions.Hosting.Abstractions 8.0.0 (IHostApplicationLifetime, KPL3005).</summary>
    public static MetadataReference HostingAbstractions8 => FromNuGetCache(new("Microsoft.Extensions.Hosting.Abstractions", "8.0.0")).Single();

    /// <summary>Microsoft.Extensions.Hosting 8.0.0 (Host.CreateDefaultBuilder, HostBuilder: a module's own host, KPL3005).</summary>
    public static MetadataReference Hosting8 => FromNuGetCache(new("Microsoft.Extensions.Hosting", "8.0.0")).Single();

    /// <summary>The lib/ folders a .NET 8 project compiles against, nearest first (as NuGet picks them for net8.0).</summary>
    /// <summary>Google.Protobuf, whose JsonFormatter keeps every formatted enum type (KPL3010).</summary>
    public static ImmutableArray<MetadataReference> GoogleProtobuf => FromNuGetCache(new("Google.Protobuf", "3.27.0"));

    /// <summary>System.Memory.Data, whose BinaryData serializes with System.Text.Json (KPL3010).</summary>
    public static MetadataReference SystemMemoryData => FromNuGetCache(new("System.Memory.Data", "8.0.1")).Single();

    private static readonly string[] CompatibleLibFolders = { "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netstandard2.1", "netstandard2.0" };
    private static readonly ConcurrentDictionary<(string, string), ImmutableArray<MetadataReference>> FromCache = new();

    /// <summary>
    /// The assemblies of <paramref name="package"/>'s lib/ folder nearest to .NET 8, read from the NuGet cache where the
    /// test project's PackageDownload put them at restore. Not <c>ReferenceAssemblies.AddPackages</c>: on a machine's
    /// first run the testing library downloads the package itself into $TMPDIR/test-packages, and that run compiles
    /// without the package's assemblies (measured with a fresh TMPDIR: 12 of 44 package tests failed with CS0103/CS0246).
    /// </summary>
    public static ImmutableArray<MetadataReference> FromNuGetCache(PackageIdentity package)
        => FromCache.GetOrAdd((package.Id, package.Version), _ =>
        {
            var lib = Path.Combine(NuGetPackageRoot, package.Id.ToLowerInvariant(), package.Version, "lib");
            if (!Directory.Exists(lib))
            {
                throw new InvalidOperationException($"{package.Id} {package.Version} is not in the NuGet cache ({lib}): add it as a PackageDownload of the test project.");
            }

            var nearest = CompatibleLibFolders.Select(folder => Path.Combine(lib, folder)).FirstOrDefault(Directory.Exists)
                ?? throw new InvalidOperationException($"{package.Id} {package.Version} has no lib/ folder usable from net8.0.");
            return Directory.GetFiles(nearest, "*.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        });

    private static string NuGetPackageRoot => typeof(TestReferences).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NuGetPackageRoot").Value!;
}
