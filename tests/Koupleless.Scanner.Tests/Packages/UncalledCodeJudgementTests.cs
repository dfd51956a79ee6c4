using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Packages.Decompiled;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// A whole decompiled assembly is judged as released: internal code nothing in it calls is dead (CliWrap's internal
/// RefreshEnvironmentVariables, labelled noise), unless a friend assembly other than a test's may call it — the friends
/// come back from the assembly's InternalsVisibleTo attributes, which writing its types does not bring.
/// </summary>
public sealed class UncalledCodeJudgementTests
{
    private const string Library = """
        namespace Tool
        {
            public static class Api
            {
                public static void Run() => Helpers.Called();
            }

            internal static class Helpers
            {
                internal static void Called() => System.Environment.CurrentDirectory = "/called";

                internal static void NeverCalled() => System.Environment.CurrentDirectory = "/never";
            }
        }
        """;

    [Fact]
    public async Task Internal_code_nothing_calls_is_not_judged()
    {
        var findings = await JudgeAsync("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Tool.Tests\")]\n" + Library);

        Assert.Contains(findings, f => f.RuleId == "KPL1003" && f.Member == "Called");
        Assert.DoesNotContain(findings, f => f.Member == "NeverCalled");
    }

    [Fact]
    public async Task Internal_code_a_friend_may_call_is_judged()
    {
        var findings = await JudgeAsync("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Tool.Extensions\")]\n" + Library);

        Assert.Contains(findings, f => f.RuleId == "KPL1003" && f.Member == "Called");
        Assert.Contains(findings, f => f.RuleId == "KPL1003" && f.Member == "NeverCalled");
    }

    private static async Task<ImmutableArray<PackageFinding>> JudgeAsync(string source)
    {
        var image = CompiledAssembly.Compile(source, "Tool").Image.ToArray();
        var assembly = PackageAssembly.TryRead("Tool@1.0.0", "lib/net8.0/Tool.dll", image, out _)!;
        var references = new ReferenceAssemblies(new[] { assembly });
        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), DecompileScope.Whole, CancellationToken.None);
        var result = await DecompiledAnalysis.AnalyzeAsync(assembly, code, references.For(assembly), AnalyzerSet.Discover(), ImmutableArray<AdditionalText>.Empty, moduleHost: null, CancellationToken.None);
        Assert.Equal(0, result.CompileErrors);
        return result.Findings.ToImmutableArray();
    }
}
