using System;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// Each adapter at run time: a module loaded twice and unloaded, watched through weak references. Without the adapter
/// the shared library keeps a copy loaded (so each test also proves the hazard is real); with it both copies go.
/// </summary>
[Collection(ModuleRuntimeCollection.Name)]
public sealed class UnloadTests
{
    private const string StaticModule = """
        using Koupleless.Adapters.Tests;

        namespace Module
        {
            public sealed class Widget { }

            public static class Entry
            {
                public static bool UseAdapter;

                public static string Run()
                {
                    if (UseAdapter) { SharedLibrary.PerModule.Value = new Widget(); } else { SharedLibrary.Plain = new Widget(); }
                    return "stored";
                }

                // Whether this copy reads back its own Widget (not the other copy's) after both copies stored one.
                public static bool Check()
                    => (UseAdapter ? SharedLibrary.PerModule.Value : SharedLibrary.Plain) is Widget own && own.GetType().Assembly == typeof(Entry).Assembly;
            }
        }
        """;

    [Fact]
    public void Without_the_holder_a_shared_static_mixes_the_copies_and_keeps_one_loaded()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(StaticModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = false;"), typeof(SharedLibrary)), explainRetention: false);
        try
        {
            Assert.Equal(new object?[] { "stored", "stored", false, true }, results);
            Assert.False(unloaded.IsCollected, "the shared static did not keep a copy loaded");
        }
        finally
        {
            SharedLibrary.Plain = null;
        }
    }

    [Fact]
    public void PerLoadContext_gives_each_copy_its_own_value_and_lets_both_unload()
    {
        var (unloaded, results) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(StaticModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = true;"), typeof(SharedLibrary)));
        Assert.Equal(new object?[] { "stored", "stored", true, true }, results);
        Assert.True(unloaded.IsCollected, "a copy stayed loaded although its slot is dropped on unload: " + unloaded.Retention?.Format());
    }

    private const string EventModule = """
        using System;
        using Koupleless.Adapters;
        using Koupleless.Adapters.Tests;

        namespace Module
        {
            public static class Entry
            {
                public static bool UseAdapter;

                private static int _changes;

                public static string Run()
                {
                    EventHandler onChanged = (_, _) => _changes++;
                    SharedLibrary.Changed += onChanged;
                    return UseAdapter && ModuleUnload.Register(typeof(Entry).Assembly, () => SharedLibrary.Changed -= onChanged) ? "registered" : "subscribed";
                }
            }
        }
        """;

    [Fact]
    public void A_handler_on_a_shared_event_keeps_the_copies_until_ModuleUnload_removes_it()
    {
        var subscribers = SharedLibrary.Subscribers;
        var (without, withoutResults) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(EventModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = false;"), typeof(SharedLibrary)), explainRetention: false);
        Assert.Equal(new object?[] { "subscribed", "subscribed" }, withoutResults);
        Assert.True(without.Retained.Count == 2, "the shared event did not keep both copies loaded");
        Assert.Equal(subscribers + 2, SharedLibrary.Subscribers);

        var (with, withResults) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(EventModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = true;"), typeof(SharedLibrary)));
        Assert.Equal(new object?[] { "registered", "registered" }, withResults);
        Assert.True(with.IsCollected, "the release registered with ModuleUnload did not run: " + with.Retention?.Format());
        Assert.Equal(subscribers + 2, SharedLibrary.Subscribers);
    }

    /// <summary>A module that puts its Widget into a process-wide cache (CALL), releasing it first when UseAdapter (RELEASE).</summary>
    private const string CacheModule = """
        using System.ComponentModel;
        using System.Text.Json;
        using Koupleless.Adapters;

        namespace Module
        {
            public sealed class Widget { public string Name { get; set; } = ""; }

            public static class Entry
            {
                public static bool UseAdapter;

                public static string Run()
                {
                    if (UseAdapter)
                    {
                        RELEASE
                    }

                    return CALL;
                }
            }
        }
        """;

    // Twice: the call sits before every serializing statement and registers once per context.
    private static readonly string JsonModule = CacheModule
        .Replace("RELEASE", "FrameworkCaches.ReleaseSystemTextJsonOnUnload(typeof(Entry).Assembly); FrameworkCaches.ReleaseSystemTextJsonOnUnload(typeof(Entry).Assembly);")
        .Replace("CALL", "JsonSerializer.Serialize(new Widget { Name = \"w\" })");

    [Fact]
    public void Reflection_based_System_Text_Json_keeps_the_copies_until_FrameworkCaches_releases_it()
    {
        // First the hazard, then the release: the release clears the caches for the whole process.
        var (without, withoutResults) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(JsonModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = false;"), typeof(SharedLibrary)), explainRetention: false);
        Assert.Equal(new object?[] { "{\"Name\":\"w\"}", "{\"Name\":\"w\"}" }, withoutResults);
        Assert.False(without.IsCollected, "System.Text.Json's caches did not keep a copy loaded");

        var (with, _) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(JsonModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = true;"), typeof(SharedLibrary)));
        Assert.True(with.IsCollected, "a copy stayed loaded although System.Text.Json's caches were released: " + with.Retention?.Format());
    }

    private static readonly string TypeDescriptorModule = CacheModule
        .Replace("RELEASE", "FrameworkCaches.ReleaseTypeDescriptorOnUnload(typeof(Entry).Assembly);")
        .Replace("CALL", "TypeDescriptor.GetConverter(typeof(Widget)).GetType().Name + \" \" + TypeDescriptor.GetProperties(typeof(Widget)).Count + \" \" + TypeDescriptor.GetAttributes(new Widget()).Count");

    [Fact]
    public void TypeDescriptor_keeps_the_copies_until_FrameworkCaches_releases_the_modules_entries()
    {
        var (without, withoutResults) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(TypeDescriptorModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = false;"), typeof(SharedLibrary)), explainRetention: false);
        Assert.Equal(new object?[] { "TypeConverter 1 2", "TypeConverter 1 2" }, withoutResults);
        Assert.True(without.Retained.Count == 2, "TypeDescriptor's caches did not keep the copy loaded");

        var (with, _) = ModuleCopies.LoadTwiceRunAndUnload(ModuleCopies.Compile(TypeDescriptorModule.Replace("public static bool UseAdapter;", "public static bool UseAdapter = true;"), typeof(SharedLibrary)));
        Assert.True(with.IsCollected, "a copy stayed loaded although TypeDescriptor's entries of its types were removed" + ": " + with.Retention?.Format());
    }
}
