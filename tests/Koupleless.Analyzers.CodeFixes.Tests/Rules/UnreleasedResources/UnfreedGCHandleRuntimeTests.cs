using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// Measures KPL3004 and its fix at run time: a module compiled here is loaded into a collectible AssemblyLoadContext,
/// allocates a GC handle, is unloaded, and the test watches whether the context is collected. What the rule reports
/// must keep the module alive; what it does not report (a weak handle, a function pointer for a delegate) must not;
/// the real code fix, applied through a workspace, must let it go.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class UnfreedGCHandleRuntimeTests
{
    private const string StrongHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Widget());
                    return "allocated";
                }
            }
        }
        """;

    // Pinned handles need a blittable target: an array of the module's own struct (its type is the module's).
    private const string PinnedHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public struct Sample { public int Value; }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Sample[4], GCHandleType.Pinned);
                    return "allocated";
                }
            }
        }
        """;

    private const string WeakHandleModule = """
        using System.Runtime.InteropServices;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                private static GCHandle _handle;

                public static string Run()
                {
                    _handle = GCHandle.Alloc(new Widget(), GCHandleType.Weak);
                    return "allocated";
                }
            }
        }
        """;

    // The module keeps its delegate alive in its own static (as native callbacks must) and hands the pointer out.
    private const string FunctionPointerModule = """
        using System;
        using System.Runtime.InteropServices;

        namespace Module
        {
            public delegate int Callback(int value);

            public static class Entry
            {
                private static Callback _keepAlive;

                public static string Run()
                {
                    _keepAlive = value => value + 1;
                    var pointer = Marshal.GetFunctionPointerForDelegate(_keepAlive);
                    var roundTrip = Marshal.GetDelegateForFunctionPointer<Callback>(pointer);
                    return roundTrip(41).ToString();
                }
            }
        }
        """;

    [Fact]
    public async Task A_strong_handle_keeps_the_module_until_the_fix_frees_it_on_unload()
    {
        var unfixed = await BuildAsync(StrongHandleModule, applyFix: false);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsAndIsCollected(unfixed.Image, "allocated"), "a strong GCHandle did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(StrongHandleModule, applyFix: true);
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsAndIsCollected(fixedBuild.Image, "allocated"), "freeing the handle in Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_pinned_handle_to_an_array_of_a_module_struct_keeps_the_module_until_the_fix_frees_it()
    {
        var unfixed = await BuildAsync(PinnedHandleModule, applyFix: false);
        Assert.Single(unfixed.Diagnostics);
        Assert.False(RunsAndIsCollected(unfixed.Image, "allocated"), "a pinned GCHandle did not keep the module: the rule would be a false positive");

        var fixedBuild = await BuildAsync(PinnedHandleModule, applyFix: true);
        Assert.Empty(fixedBuild.Remaining);
        Assert.True(RunsAndIsCollected(fixedBuild.Image, "allocated"), "freeing the pinned handle in Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_weak_handle_is_not_reported_and_does_not_keep_the_module()
    {
        var build = await BuildAsync(WeakHandleModule, applyFix: false);
        Assert.Empty(build.Diagnostics);
        Assert.True(RunsAndIsCollected(build.Image, "allocated"), "a weak GCHandle kept the module: the rule would miss it");
    }

    [Fact]
    public async Task A_function_pointer_for_a_delegate_is_not_reported_and_does_not_keep_the_module()
    {
        var build = await BuildAsync(FunctionPointerModule, applyFix: false);
        Assert.Empty(build.Diagnostics);
        Assert.True(RunsAndIsCollected(build.Image, "42"), "GetFunctionPointerForDelegate kept the module: the rule would miss it");
    }

    /// <summary>Builds the module, with the real KPL3004 fix applied until no diagnostic is left when <paramref name="applyFix"/>.</summary>
    private static Task<ModuleBuild> BuildAsync(string source, bool applyFix)
        => ModuleRuntime.BuildAsync(
            source,
            new UnfreedGCHandleAnalyzer(),
            applyFix ? new UnfreedGCHandleFixer() : null,
            assemblyName: ModuleRuntime.UniqueAssemblyName());

    private static bool RunsAndIsCollected(byte[] image, string expected)
        => ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, expected), rounds: 30);
}
