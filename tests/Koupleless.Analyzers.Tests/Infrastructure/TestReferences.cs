using System;
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

    public static readonly PackageIdentity NewtonsoftJson = new("Newtonsoft.Json", "13.0.3");
    public static readonly PackageIdentity Serilog = new("Serilog", "4.0.0");
    public static readonly PackageIdentity NLog = new("NLog", "5.5.1");
    public static readonly PackageIdentity Dapper = new("Dapper", "2.1.66");

    /// <summary>
    /// AutoMapper 8.0.0, the last line with the static <c>Mapper.Initialize</c> (removed in 9.0). Referenced by path
    /// from the NuGet cache (the test project's PackageDownload): ReferenceAssemblies.AddPackages leaves AutoMapper.dll
    /// out in the process that first downloads it, which would make the first CI run fail.
    /// </summary>
    public static MetadataReference AutoMapper8 => AutoMapper8Reference.Value;

    private static readonly Lazy<MetadataReference> AutoMapper8Reference = new(
        () => MetadataReference.CreateFromFile(Path.Combine(NuGetPackageRoot, "automapper", "8.0.0", "lib", "netstandard2.0", "AutoMapper.dll")));

    /// <summary>Microsoft.Win32.SystemEvents 9.0.19 (the version this feed serves; not part of the shared framework), from the NuGet cache like AutoMapper.</summary>
    public static MetadataReference SystemEvents9 => SystemEvents9Reference.Value;

    private static readonly Lazy<MetadataReference> SystemEvents9Reference = new(
        () => MetadataReference.CreateFromFile(Path.Combine(NuGetPackageRoot, "microsoft.win32.systemevents", "9.0.19", "lib", "net8.0", "Microsoft.Win32.SystemEvents.dll")));

    /// <summary>Microsoft.Extensions.Primitives 8.0.0 (ChangeToken, KPL3005), from the NuGet cache like AutoMapper.</summary>
    public static MetadataReference ExtensionsPrimitives8 => ExtensionsPrimitives8Reference.Value;

    private static readonly Lazy<MetadataReference> ExtensionsPrimitives8Reference = new(
        () => MetadataReference.CreateFromFile(Path.Combine(NuGetPackageRoot, "microsoft.extensions.primitives", "8.0.0", "lib", "net8.0", "Microsoft.Extensions.Primitives.dll")));

    /// <summary>Microsoft.Extensions.Hosting.Abstractions 8.0.0 (IHostApplicationLifetime, KPL3005), from the NuGet cache like AutoMapper.</summary>
    public static MetadataReference HostingAbstractions8 => HostingAbstractions8Reference.Value;

    private static readonly Lazy<MetadataReference> HostingAbstractions8Reference = new(
        () => MetadataReference.CreateFromFile(Path.Combine(NuGetPackageRoot, "microsoft.extensions.hosting.abstractions", "8.0.0", "lib", "net8.0", "Microsoft.Extensions.Hosting.Abstractions.dll")));

    private static string NuGetPackageRoot => typeof(TestReferences).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NuGetPackageRoot").Value!;
}
