using Microsoft.CodeAnalysis.Testing;

namespace Koupleless.Analyzers.Tests.Infrastructure;

/// <summary>Reference assemblies and packages the tests compile against (restored once into the NuGet cache).</summary>
public static class TestReferences
{
    /// <summary>.NET 8: the oldest supported runtime with AssemblyLoadContext.EnterContextualReflection and friends.</summary>
    public static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80;

    public static readonly PackageIdentity NewtonsoftJson = new("Newtonsoft.Json", "13.0.3");
    public static readonly PackageIdentity Serilog = new("Serilog", "4.0.0");
}
