using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Packages.Decompiled;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>
/// A package cannot see whose host the module that loads it runs under; `koupleless packages` passes what the scanned
/// projects declare (KouplelessModuleHost) to the Module pass, so a library's registration on the lifetime it is given
/// follows the module's host (KPL3005).
/// </summary>
public sealed class ModuleHostJudgementTests
{
    private const string Library = """
        using System.Threading;

        namespace Microsoft.Extensions.Hosting
        {
            public interface IHostApplicationLifetime
            {
                CancellationToken ApplicationStarted { get; }
                CancellationToken ApplicationStopping { get; }
                CancellationToken ApplicationStopped { get; }
                void StopApplication();
            }
        }

        namespace Lib
        {
            public sealed class Server
            {
                public void Attach(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime)
                {
                    lifetime.ApplicationStopping.Register(Stop);
                }

                private void Stop() { }
            }
        }
        """;

    [Theory]
    [InlineData(null, true)]
    [InlineData("Base", true)]
    [InlineData("Own", false)]
    public async Task A_registration_on_the_given_lifetime_follows_the_declared_module_host(string? moduleHost, bool reported)
    {
        var assembly = PackageAssembly.TryRead("Sample@1.0.0", "lib/net8.0/Sample.dll", CompiledAssembly.Compile(Library).Image.ToArray(), out _)!;
        var references = new ReferenceAssemblies(new[] { assembly });
        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), DecompileScope.Whole, CancellationToken.None);

        var result = await DecompiledAnalysis.AnalyzeAsync(
            assembly, code, references.For(assembly), AnalyzerSet.Discover(), ImmutableArray<AdditionalText>.Empty, moduleHost, CancellationToken.None);

        Assert.Empty(result.AnalyzerFailures);
        var findings = result.Findings.Select(f => $"{f.Role} {f.RuleId} {f.Type} {f.Member}").ToList();
        Assert.Equal(reported, findings.Contains("Module KPL3005 Lib.Server Attach"));
    }
}
