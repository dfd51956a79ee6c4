using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.StaticState;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>
/// KPL1002 fix: "Use a per-load-context holder" gives each module its own copy of a static cache or registry, and
/// drops that copy — with everything the module put in it — when the module unloads.
/// </summary>
public sealed class StaticStateWriteFixerTests
{
    private static CodeFixSpec<SharedStaticStateAnalyzer, StaticStateWriteFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<SharedStaticStateAnalyzer, StaticStateWriteFixer>.For(source, fixedSource).InRole("Shared").ForCompilationEndDiagnostics();

    [Fact]
    public Task Per_load_context_holder_for_a_readonly_registry_filled_in_two_documents() => Spec("""
        using System;
        using System.Collections.Generic;

        public static class Registry
        {
            internal static readonly Dictionary<string, Type> {|KPL1002:Types|} = new Dictionary<string, Type>();

            public static void Register(string name, Type type) => Types[name] = type;
        }
        """, $$"""
        using System;
        using System.Collections.Generic;

        public static class Registry
        {
            internal static Dictionary<string, Type> Types { get => TypesPerContext.Value; }
            private static readonly PerLoadContext<Dictionary<string, Type>> TypesPerContext = new PerLoadContext<Dictionary<string, Type>>(() => new Dictionary<string, Type>());

            public static void Register(string name, Type type) => Types[name] = type;

        {{Holder("    ")}}
        }
        """).WithDocument("/0/Cleanup.cs", """
        public static class Cleanup
        {
            public static void Forget(string name) => Registry.Types.Remove(name);
        }
        """, """
        public static class Cleanup
        {
            public static void Forget(string name) => Registry.Types.Remove(name);
        }
        """).RunAsync();

    [Fact]
    public Task Per_load_context_holder_for_a_static_get_only_collection_property() => Spec("""
        using System;
        using System.Collections.Generic;

        public static class Handlers
        {
            public static List<Action> {|KPL1002:All|} { get; } = new List<Action>();

            public static void Add(Action handler) => All.Add(handler);
        }
        """, $$"""
        using System;
        using System.Collections.Generic;

        public static class Handlers
        {
            public static List<Action> All { get => AllPerContext.Value; }
            private static readonly PerLoadContext<List<Action>> AllPerContext = new PerLoadContext<List<Action>>(() => new List<Action>());

            public static void Add(Action handler) => All.Add(handler);

        {{Holder("    ")}}
        }
        """).RunAsync();

    /// <summary>The holder as the fix nests it in a type whose members are indented by <paramref name="indentation"/>.</summary>
    private static string Holder(string indentation) => NestedHelperText.At(PerLoadContextTemplate.Nested("TValue"), indentation);

    [Fact]
    public Task Static_events_have_no_mechanical_fix()
    {
        const string Source = """
            using System;

            public static class Bus
            {
                public static event EventHandler? {|KPL1002:Changed|};

                internal static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
            }
            """;
        return Spec(Source, Source).RunAsync();
    }
}
