using System.Collections.Generic;
using System.Linq;
using Koupleless.Scanner.Packages;
using Koupleless.Scanner.Packages.Closure;
using Koupleless.Scanner.Packages.Decompiled;
using NuGet.Frameworks;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>A cold run judges the packages with the most code first, so no large one is left to run alone at the end.</summary>
public sealed class JudgingOrderTests
{
    [Fact]
    public void Packages_are_judged_largest_first_and_unread_ones_last()
    {
        var small = Package("Small@1.0.0", "public class A { }");
        var large = Package("Large@1.0.0", string.Concat(Enumerable.Range(0, 200).Select(i => $"public class C{i} {{ public int M{i}(int x) => x * {i}; }}\n")));
        var unavailable = Ref("Gone@1.0.0");
        var read = new Dictionary<PackageRef, ReadPackage>
        {
            [small.Ref] = small.Read,
            [large.Ref] = large.Read,
            [unavailable] = ReadPackage.Unavailable(unavailable, NuGetFramework.Parse("net8.0"), "not found"),
        };

        var order = PackageScanEngine.LargestFirst(new[] { unavailable, small.Ref, large.Ref }, read).Select(p => p.Id).ToList();

        Assert.Equal(new[] { "Large", "Small", "Gone" }, order);
    }

    private static (PackageRef Ref, ReadPackage Read) Package(string idAndVersion, string source)
    {
        var package = Ref(idAndVersion);
        var image = CompiledAssembly.Compile(source).Image.ToArray();
        var assembly = PackageAssembly.TryRead(package.Id, "lib/net8.0/" + package.Id + ".dll", image, out var problem);
        Assert.Null(problem);
        var read = ReadPackage.Unavailable(package, NuGetFramework.Parse("net8.0"), null) with { Assemblies = new[] { assembly! } };
        return (package, read);
    }

    private static PackageRef Ref(string text)
    {
        Assert.True(PackageRef.TryParse(text, out var package, out var problem), problem);
        return package!;
    }
}
