using System;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3004 on the typed GC handles of .NET 10, at run time and on the real types (the module compiles against this
/// process's framework): a <c>GCHandle&lt;T&gt;</c> or <c>PinnedGCHandle&lt;T&gt;</c> to a module object left undisposed
/// keeps the context, the real fix (Dispose on Unloading) lets it go; a <c>WeakGCHandle&lt;T&gt;</c> is not reported
/// and does not keep it.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class TypedGCHandleRuntimeTests
{
    private static string Module(string field, string allocation) => $$"""
        using System.Runtime.InteropServices;

        namespace Module
        {
            public sealed class Widget { }
            public struct Sample { public int Value; }

            public static class Entry
            {
                private static {{field}} _handle;

                public static string Run()
                {
                    _handle = {{allocation}};
                    return "allocated";
                }
            }
        }
        """;

    [Theory]
    [InlineData("GCHandle<Widget>", "new GCHandle<Widget>(new Widget())")]
    [InlineData("PinnedGCHandle<Sample[]>", "new PinnedGCHandle<Sample[]>(new Sample[4])")]
    public async Task A_typed_strong_handle_keeps_the_module_until_the_fix_disposes_it_on_unload(string field, string allocation)
    {
        var source = Module(field, allocation);
        var unfixed = await ModuleRuntime.BuildAsync(source, new UnfreedGCHandleAnalyzer());
        Assert.Single(unfixed.Diagnostics);
        Assert.False(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(unfixed.Image, "allocated"), rounds: 30),
            $"an undisposed {field} did not keep the module: the rule would be a false positive");

        var fixedBuild = await ModuleRuntime.BuildAsync(source, new UnfreedGCHandleAnalyzer(), new UnfreedGCHandleFixer());
        Assert.Empty(fixedBuild.Remaining);
        Assert.Contains("_handle.Dispose()", fixedBuild.Source, StringComparison.Ordinal);
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(fixedBuild.Image, "allocated"), rounds: 30),
            $"disposing the {field} on Unloading did not let the module unload");
    }

    [Fact]
    public async Task A_typed_weak_handle_is_not_reported_and_does_not_keep_the_module()
    {
        var build = await ModuleRuntime.BuildAsync(Module("WeakGCHandle<Widget>", "new WeakGCHandle<Widget>(new Widget())"), new UnfreedGCHandleAnalyzer());
        Assert.Empty(build.Diagnostics);
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(build.Image, "allocated"), rounds: 30),
            "a WeakGCHandle<T> kept the module: the rule would miss it");
    }

    /// <summary>
    /// The fix disposes without an IsAllocated guard: a typed handle's Dispose clears the field's handle, so the second
    /// Dispose (Dispose already ran, then Unloading) must do nothing rather than throw out of Unload().
    /// </summary>
    [Fact]
    public void Disposing_a_typed_handle_twice_does_not_throw()
    {
        var image = ModuleRuntime.Compile("Module", new[]
        {
            """
            using System.Runtime.InteropServices;

            namespace Module
            {
                public sealed class Widget { }

                public static class Entry
                {
                    private static GCHandle<Widget> _handle;

                    public static string Run()
                    {
                        _handle = new GCHandle<Widget>(new Widget());
                        _handle.Dispose();
                        _handle.Dispose();
                        return _handle.IsAllocated ? "still allocated" : "disposed twice";
                    }
                }
            }
            """,
        });
        Assert.True(ModuleRuntime.IsCollected(ModuleRuntime.LoadRunAndUnload(image, "disposed twice"), rounds: 30));
    }
}
