using System;
using System.Collections.Generic;
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
/// Package code is judged by the analyzers themselves: an assembly compiled from a source, decompiled (only what the
/// selection picks, with bodies) and analysed in both roles, gives the findings the analyzers give on that source.
/// </summary>
public sealed class DecompiledJudgementTests
{
    private const string Library = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Lib
        {
            public static class Settings
            {
                public static Func<string, string> Transform { get; set; }
            }

            public static class TypeNames
            {
                private static readonly ConcurrentDictionary<Type, string> Names = new ConcurrentDictionary<Type, string>();

                public static string Of(Type type) => Names.GetOrAdd(type, t => t.FullName ?? t.Name);
            }

            public static class Api
            {
                // Reaches the cache only through another type: the selection must keep this caller too.
                public static string Describe(object value) => TypeNames.Of(value.GetType());
            }

            // A static holds the library's own wrapper, whose instance field is the cache (log4net's LogManager.s_wrapperMap):
            // the wrapper touches no static itself, so only the held object's type leads the selection to it.
            public sealed class WrapperMap
            {
                private readonly Dictionary<Type, object> _wrappers = new Dictionary<Type, object>();

                public object Wrap(Type type)
                {
                    lock (_wrappers)
                    {
                        if (!_wrappers.TryGetValue(type, out var wrapper)) { wrapper = new object(); _wrappers[type] = wrapper; }
                        return wrapper;
                    }
                }
            }

            public static class Wrappers
            {
                private static readonly WrapperMap Map = new WrapperMap();

                public static object For(object value) => Map.Wrap(value.GetType());
            }

            public static class Resolver
            {
                public static Type Find(string name) => Type.GetType(name, throwOnError: false);
            }

            public sealed class Poller
            {
                private readonly Timer _timer;

                public Poller() => _timer = new Timer(_ => Tick(), null, 0, 1000);

                private void Tick() { }
            }

            public static class Hooks
            {
                public static void Install() => AppDomain.CurrentDomain.ProcessExit += (s, e) => { };

                public static Action Later() => () => Environment.SetEnvironmentVariable("A", "B");

                public static IEnumerable<int> Items() { Environment.SetEnvironmentVariable("C", "D"); yield return 1; }

                public static async Task RunAsync() { await Task.Yield(); Environment.SetEnvironmentVariable("E", "F"); }
            }

            // An explicit static constructor keeps the decompiler from folding the auto-property back (as Dapper's
            // SqlMapper.Settings): its backing field comes out as "<SplitCount>k__BackingField", which C# cannot spell.
            public static class Limits
            {
                static Limits() => Reset();

                public static int SplitCount { get; set; } = -1;

                public static void Reset() => SplitCount = -1;
            }

            // Dapper's SqlMapper.Settings.AllowedCommandBehaviors: an internal auto-property with a private setter, written
            // only through a private helper that a public setter calls, in a type with an explicit static constructor.
            // The decompiler writes the property out over its backing field; folded back, the flow reaches the public setter.
            public static class Behaviors
            {
                static Behaviors() => Reset();

                internal static int Allowed { get; private set; } = ~1;

                public static bool UseSingleResult
                {
                    get => (Allowed & 1) != 0;
                    set => SetAllowed(1, value);
                }

                public static void Reset() => Allowed = ~1;

                private static void SetAllowed(int bit, bool enabled)
                {
                    if (enabled) Allowed |= bit; else Allowed &= ~bit;
                }
            }

            public static class ProxyFactory
            {
                public static Type Create(string name)
                    => System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName(name), System.Reflection.Emit.AssemblyBuilderAccess.Run)
                        .DefineDynamicModule(name).DefineType(name).CreateType();
            }

            // Options made in a Lazy of another type (PuppeteerSharp's JsonHelper): the serializer call is judged by what the
            // factory returns, so the decompiled initializer must come back as the lambda it was (the static Lazy is
            // storage, so the selection keeps the type's bodies).
            internal static class JsonDefaults
            {
                public static readonly Lazy<System.Text.Json.JsonSerializerOptions> Options =
                    new Lazy<System.Text.Json.JsonSerializerOptions>(() => new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            }

            public sealed class Reply { public string Text { get; set; } }

            public static class Replies
            {
                public static string Write() => System.Text.Json.JsonSerializer.Serialize(new Reply(), JsonDefaults.Options.Value);
            }

            public static class Pure
            {
                public static int Twice(int x) => x * 2;

                public static string Join(IEnumerable<string> parts) => string.Join(",", parts);
            }
        }
        """;

    // Backing-field uses C# never writes but IL can (and other compilers do): C# cannot name "<Hits>k__BackingField", so
    // the sample names it "_Hits_k__BackingField" and the image is given the compiler's spelling (same length).
    private const string Unfoldable = """
        using System.Runtime.CompilerServices;
        using System.Threading;

        namespace Lib
        {
            public static class Counters
            {
                [CompilerGenerated]
                private static int _Hits_k__BackingField;

                static Counters() => _Hits_k__BackingField = 1;

                public static int Hits { [CompilerGenerated] get { return _Hits_k__BackingField; } [CompilerGenerated] set { _Hits_k__BackingField = value; } }

                // By ref: a property has no address.
                public static int Next() => Interlocked.Increment(ref _Hits_k__BackingField);
            }

            public static class Sizes
            {
                [CompilerGenerated]
                private static int _Size_k__BackingField;

                static Sizes() => _Size_k__BackingField = 4;

                public static int Size { [CompilerGenerated] get { return _Size_k__BackingField; } }

                // Written outside a constructor: a get-only auto-property cannot be.
                public static void Grow(int by) => _Size_k__BackingField += by;
            }
        }
        """;

    private static readonly AnalyzerSet Analyzers = AnalyzerSet.Discover();

    [Fact]
    public async Task Decompiled_code_gives_the_findings_of_the_source()
    {
        var assembly = Compiled();
        var references = new ReferenceAssemblies(new[] { assembly });
        var fromSource = await Judge(assembly, new DecompiledCode(Library, string.Empty, 0, 0), references);
        var fromPackage = await Judge(assembly, AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None), references);

        Assert.Contains("Shared KPL1001 Lib.Settings Transform", fromSource);
        Assert.Contains("Shared KPL1002 Lib.TypeNames Names", fromSource);
        Assert.Contains("Shared KPL1001 Lib.Limits SplitCount", fromSource);
        Assert.Contains("Shared KPL1001 Lib.Behaviors Allowed", fromSource);
        Assert.Contains("Shared KPL2001 Lib.Resolver Find", fromSource);
        Assert.Contains("Shared KPL1002 Lib.Wrappers Map", fromSource);
        Assert.Contains("Module KPL3001 Lib.Poller .ctor", fromSource);
        Assert.Contains("Module KPL3003 Lib.Hooks Install", fromSource);
        Assert.Contains("Shared KPL2007 Lib.ProxyFactory Create", fromSource);
        Assert.Contains("Module KPL3010 Lib.Replies Write", fromSource);
        Assert.Equal(fromSource, fromPackage);
    }

    [Fact]
    public void A_written_out_auto_property_is_folded_back_with_its_accessor_modifiers()
    {
        var assembly = Compiled();
        var references = new ReferenceAssemblies(new[] { assembly });
        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None);

        Assert.Contains("internal static int Allowed { get; private set; }", code.Bodies, StringComparison.Ordinal);
        Assert.DoesNotContain("Allowed__BackingField", code.Bodies, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backing_field_passed_by_ref_or_written_past_a_get_only_property_stays_a_field()
    {
        var assembly = PackageAssembly.TryRead("Sample@1.0.0", "lib/net8.0/Sample.dll", WithCompilerSpelling(CompiledAssembly.Compile(Unfoldable).Image.ToArray(), "Hits", "Size"), out _)!;
        var references = new ReferenceAssemblies(new[] { assembly });
        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None);
        var result = await DecompiledAnalysis.AnalyzeAsync(assembly, code, references.For(assembly), Analyzers, ImmutableArray<AdditionalText>.Empty, moduleHost: null, CancellationToken.None);

        Assert.Equal(0, result.CompileErrors);
        Assert.Contains("Interlocked.Increment(ref Hits__BackingField)", code.Bodies, StringComparison.Ordinal);
        Assert.Contains("Size__BackingField += by", code.Bodies, StringComparison.Ordinal);
        var findings = result.Findings.Where(f => f.Role == "Shared").Select(f => $"{f.RuleId} {f.Type} {f.Member}").Distinct().OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(new[] { "KPL1001 Lib.Counters Hits", "KPL1001 Lib.Sizes Size" }, findings);
    }

    [Fact]
    public async Task Lambdas_iterators_and_async_methods_are_attributed_to_their_declaring_member()
    {
        var assembly = Compiled();
        var references = new ReferenceAssemblies(new[] { assembly });
        var findings = await Judge(assembly, AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None), references);
        var environment = findings.Where(f => f.Contains(" KPL1003 Lib.Hooks ", StringComparison.Ordinal)).Select(f => f.Split(' ')[3]).Distinct().OrderBy(m => m, StringComparer.Ordinal);
        Assert.Equal(new[] { "Items", "Later", "RunAsync" }, environment);
        Assert.All(findings, f => Assert.DoesNotContain("<", f, StringComparison.Ordinal));
    }

    [Fact]
    public void The_selection_decompiles_the_types_that_can_produce_a_finding_and_declares_the_rest()
    {
        var assembly = Compiled();
        var references = new ReferenceAssemblies(new[] { assembly });
        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None);

        foreach (var judged in new[] { "class Settings", "class TypeNames", "class Api", "class WrapperMap", "class Wrappers", "class Resolver", "class Poller", "class Hooks", "class ProxyFactory", "class JsonDefaults", "class Replies" })
        {
            Assert.Contains(judged, code.Bodies, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("class Pure", code.Bodies, StringComparison.Ordinal);
        Assert.Contains("class Pure", code.Declarations, StringComparison.Ordinal);
        Assert.DoesNotContain("x * 2", code.Declarations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whole_assembly_decompilation_and_the_selection_agree()
    {
        var assembly = Compiled();
        var references = new ReferenceAssemblies(new[] { assembly });
        var whole = await Judge(assembly, AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), DecompileScope.Whole, CancellationToken.None), references);
        var selected = await Judge(assembly, AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), Selected, CancellationToken.None), references);
        Assert.NotEmpty(whole);
        Assert.Equal(whole, selected);
    }

    [Fact]
    public async Task A_type_the_decompiler_throws_on_is_written_again_and_the_rest_of_the_assembly_is_still_judged()
    {
        // A record deriving from a record of a dependency the decompiler cannot resolve: ICSharpCode.Decompiler 11.2
        // throws on it (PuppeteerSharp 25's StartScreencastCommandResult, held-out set 12, lost the whole assembly).
        var dependency = CompiledAssembly.Compile("namespace Dep { public abstract record CommandResult; }", "Dep");
        var image = CompiledAssembly.Compile(RecordOfAnUnresolvedBase, "Sample", dependency.Compilation.ToMetadataReference()).Image;
        var assembly = PackageAssembly.TryRead("Sample@1.0.0", "lib/net8.0/Sample.dll", image.ToArray(), out _)!;
        var references = new ReferenceAssemblies(new[] { assembly });

        var code = AssemblyDecompiler.Decompile(assembly, references.DecompilerResolver(), DecompileScope.Whole, CancellationToken.None);
        var findings = await Judge(assembly, code, references);

        Assert.Contains("class StartResult", code.Retried, StringComparison.Ordinal);
        Assert.DoesNotContain("class StartResult", code.Bodies, StringComparison.Ordinal);
        Assert.Empty(code.Skipped);
        Assert.Contains("Shared KPL1001 Lib.Settings Transform", findings);
        Assert.Contains("Shared KPL1001 Lib.StartResult Last", findings);
    }

    private const string RecordOfAnUnresolvedBase = """
        using System;

        namespace Lib
        {
            public static class Settings
            {
                public static Func<string, string> Transform { get; set; }
            }

            public sealed record StartResult : Dep.CommandResult
            {
                public static string Last { get; set; }

                public string Path { get; init; }
            }
        }
        """;

    private static DecompileScope Selected => DecompileScope.Selected(Array.Empty<Koupleless.Analyzers.Catalog.ParsedCatalog>());

    private static PackageAssembly Compiled()
        => PackageAssembly.TryRead("Sample@1.0.0", "lib/net8.0/Sample.dll", CompiledAssembly.Compile(Library).Image.ToArray(), out _)!;

    /// <summary>"_Name_k__BackingField" → "&lt;Name&gt;k__BackingField" in the metadata's name heap.</summary>
    private static byte[] WithCompilerSpelling(byte[] image, params string[] properties)
    {
        foreach (var property in properties)
        {
            var written = System.Text.Encoding.ASCII.GetBytes($"_{property}_k__BackingField");
            var at = image.AsSpan().IndexOf(written);
            Assert.True(at >= 0 && image.AsSpan(at + 1).IndexOf(written) < 0, $"{property}: one field name to respell");
            System.Text.Encoding.ASCII.GetBytes($"<{property}>k__BackingField").CopyTo(image, at);
        }

        return image;
    }

    private static async Task<List<string>> Judge(PackageAssembly assembly, DecompiledCode code, ReferenceAssemblies references)
    {
        var result = await DecompiledAnalysis.AnalyzeAsync(assembly, code, references.For(assembly), Analyzers, ImmutableArray<AdditionalText>.Empty, moduleHost: null, CancellationToken.None);
        Assert.Empty(result.AnalyzerFailures);
        return result.Findings
            .Select(f => $"{f.Role} {f.RuleId} {f.Type} {f.Member}")
            .Distinct()
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }
}
