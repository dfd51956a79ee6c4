using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>KPL1001 fixes: "Make readonly" and "Use a per-load-context holder", each with Fix All and trivia.</summary>
public sealed class MutableStaticFieldFixerTests
{
    private static CodeFixSpec<MutableStaticFieldAnalyzer, MutableStaticFieldFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<MutableStaticFieldAnalyzer, MutableStaticFieldFixer>.For(source, fixedSource).InRole("Shared");

    [Fact]
    public Task Make_readonly_keeps_comments_and_modifiers() => Spec("""
        public class Limits
        {
            /// <summary>The largest batch.</summary>
            private static int {|KPL1001:_maxBatch|} = 10; // tuned by hand
            public static string {|KPL1001:Name|};

            static Limits()
            {
                Name = "limits";
            }

            public static int Max => _maxBatch + Name.Length;
        }
        """, """
        public class Limits
        {
            /// <summary>The largest batch.</summary>
            private static readonly int _maxBatch = 10; // tuned by hand
            public static readonly string Name;

            static Limits()
            {
                Name = "limits";
            }

            public static int Max => _maxBatch + Name.Length;
        }
        """).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();

    [Fact]
    public Task Make_readonly_fixes_all_fields_in_every_document() => Spec("""
        public static class First
        {
            internal static System.TimeSpan {|KPL1001:Timeout|} = System.TimeSpan.FromSeconds(5);
        }
        """, """
        public static class First
        {
            internal static readonly System.TimeSpan Timeout = System.TimeSpan.FromSeconds(5);
        }
        """).WithDocument("/0/Second.cs", """
        public static class Second
        {
            static bool {|KPL1001:_enabled|} = true;
            public static bool Enabled => _enabled && First.Timeout.TotalSeconds > 1;
        }
        """, """
        public static class Second
        {
            static readonly bool _enabled = true;
            public static bool Enabled => _enabled && First.Timeout.TotalSeconds > 1;
        }
        """).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();

    [Fact]
    public Task Make_readonly_is_not_offered_when_the_field_changes_later_or_holds_a_mutable_object()
    {
        const string Source = """
            using System.Collections.Generic;

            public static class Counters
            {
                private static int {|KPL1001:_count|};
                private static List<string> {|KPL1001:_names|} = new List<string>();

                public static int Next() => ++_count + _names.Count;
            }
            """;
        return Spec(Source, Source).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();
    }

    [Fact]
    public Task Per_load_context_holder_turns_the_field_into_a_property_of_the_same_name() => Spec("""
        using System;

        public static class Counter
        {
            // how many calls so far
            private static int {|KPL1001:_count|}; // per module after the fix

            public static int Next() => ++_count;
        }
        """, """
        using System;
        using Koupleless.Adapters;

        public static class Counter
        {
            // how many calls so far
            private static int _count { get => _countPerContext.Value; set => _countPerContext.Value = value; } // per module after the fix
            private static readonly PerLoadContext<int> _countPerContext = new PerLoadContext<int>();

            public static int Next() => ++_count;
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_moves_initializers_into_a_factory_and_splits_declarations() => Spec("""
        namespace Shared.Lib
        {
            public class Settings
            {
                public static string {|KPL1001:Name|} = "default", {|KPL1001:Mode|};
                internal static int[] {|KPL1001:Slots|} = { 1, 2 };

                public static string Describe() => Name + Mode + Slots.Length;
            }
        }
        """, """
        using Koupleless.Adapters;

        namespace Shared.Lib
        {
            public class Settings
            {
                public static string Name { get => NamePerContext.Value; set => NamePerContext.Value = value; }
                private static readonly PerLoadContext<string> NamePerContext = new PerLoadContext<string>(() => "default");
                public static string Mode { get => ModePerContext.Value; set => ModePerContext.Value = value; }
                private static readonly PerLoadContext<string> ModePerContext = new PerLoadContext<string>();
                internal static int[] Slots { get => SlotsPerContext.Value; set => SlotsPerContext.Value = value; }
                private static readonly PerLoadContext<int[]> SlotsPerContext = new PerLoadContext<int[]>(() => new int[] { 1, 2 });

                public static string Describe() => Name + Mode + Slots.Length;
            }
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).WithIterations(3).RunAsync();

    [Fact]
    public Task Per_load_context_holder_for_a_readonly_collection_changed_in_two_documents() => Spec("""
        using System;
        using System.Collections.Generic;

        public static class Registry
        {
            internal static readonly Dictionary<string, Type> Types = new Dictionary<string, Type>();

            public static void Register(string name, Type type) => {|KPL1001:Types|}[name] = type;
        }
        """, """
        using System;
        using System.Collections.Generic;
        using Koupleless.Adapters;

        public static class Registry
        {
            internal static Dictionary<string, Type> Types { get => TypesPerContext.Value; }
            private static readonly PerLoadContext<Dictionary<string, Type>> TypesPerContext = new PerLoadContext<Dictionary<string, Type>>(() => new Dictionary<string, Type>());

            public static void Register(string name, Type type) => Types[name] = type;
        }
        """).WithDocument("/0/Cleanup.cs", """
        public static class Cleanup
        {
            public static void Forget(string name) => {|KPL1001:Registry.Types|}.Remove(name);
        }
        """, """
        public static class Cleanup
        {
            public static void Forget(string name) => Registry.Types.Remove(name);
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_is_not_offered_for_fields_passed_by_reference_set_in_the_static_constructor_or_volatile()
    {
        const string Source = """
            using System.Threading;

            public static class Counter
            {
                private static int {|KPL1001:_count|};
                private static string {|KPL1001:_name|};
                private static volatile bool {|KPL1001:_stopping|};

                static Counter() { _name = "counter"; }

                public static int Next() => _stopping ? 0 : Interlocked.Increment(ref _count) + _name.Length;
                public static void Stop() => _stopping = true;
            }
            """;
        return Spec(Source, Source).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();
    }

    [Fact]
    public Task Per_load_context_holder_for_a_static_get_only_collection_property() => Spec("""
        using System.Collections.Generic;

        public static class Names
        {
            public static List<string> All { get; } = new List<string>();

            public static void Add(string name) => {|KPL1001:All|}.Add(name);
        }
        """, """
        using System.Collections.Generic;
        using Koupleless.Adapters;

        public static class Names
        {
            public static List<string> All { get => AllPerContext.Value; }
            private static readonly PerLoadContext<List<string>> AllPerContext = new PerLoadContext<List<string>>(() => new List<string>());

            public static void Add(string name) => All.Add(name);
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task The_holder_type_is_reused_when_the_project_has_it() => Spec("""
        public static class Counter
        {
            private static int {|KPL1001:_count|};
            public static int Next() => ++_count;
        }
        """, """
        using Koupleless.Adapters;

        public static class Counter
        {
            private static int _count { get => _countPerContext.Value; set => _countPerContext.Value = value; }
            private static readonly PerLoadContext<int> _countPerContext = new PerLoadContext<int>();
            public static int Next() => ++_count;
        }
        """).WithDocument("/0/" + PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    /// <summary>
    /// A partial type with a field in each of its two documents, one used from the other part: each field becomes a
    /// property with its holder where it is declared, the holder names stay distinct across the parts, and the holder
    /// type is added to the project once.
    /// </summary>
    [Fact]
    public Task Per_load_context_holder_for_the_fields_of_a_partial_type_in_two_documents() => Spec("""
        public static partial class Counter
        {
            private static int {|KPL1001:_count|};

            public static int Next() => ++_count + _step;
        }
        """, """
        using Koupleless.Adapters;

        public static partial class Counter
        {
            private static int _count { get => _countPerContext.Value; set => _countPerContext.Value = value; }
            private static readonly PerLoadContext<int> _countPerContext = new PerLoadContext<int>();

            public static int Next() => ++_count + _step;
        }
        """).WithDocument("/0/Test1.cs", """
        public static partial class Counter
        {
            private static int {|KPL1001:_step|} = 1;

            public static void Reset(int step) { _count = 0; _step = step; }
        }
        """, """
        using Koupleless.Adapters;

        public static partial class Counter
        {
            private static int _step { get => _stepPerContext.Value; set => _stepPerContext.Value = value; }
            private static readonly PerLoadContext<int> _stepPerContext = new PerLoadContext<int>(() => 1);

            public static void Reset(int step) { _count = 0; _step = step; }
        }
        """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Half_typed_fields_do_not_break_the_fix() => Spec("""
        public static class Broken
        {
            private static {|CS0246:Missing|} {|KPL1001:_value|};
            private static int {|KPL1001:_count|} = {|CS0103:Unknown|};
        }
        """, """
        public static class Broken
        {
            private static {|CS0246:Missing|} {|KPL1001:_value|};
            private static readonly int _count = {|CS0103:Unknown|};
        }
        """).RemainingAfterFix().UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_keeps_other_projects_compiling()
    {
        const string Consumer = """
            public static class Consumer
            {
                public static int Bump() => ++Shared.Counter.Count + Shared.Counter.Count;
            }
            """;
        var spec = Spec("""
            namespace Shared
            {
                public static class Counter
                {
                    public static int {|KPL1001:Count|};
                }
            }
            """, """
            using Koupleless.Adapters;

            namespace Shared
            {
                public static class Counter
                {
                    public static int Count { get => CountPerContext.Value; set => CountPerContext.Value = value; }
                    private static readonly PerLoadContext<int> CountPerContext = new PerLoadContext<int>();
                }
            }
            """).ExpectingNewFile(PerLoadContextTemplate.FileName, PerLoadContextTemplate.Source)
            .UsingFix(MutableStaticFieldFixer.PerLoadContextKey);
        foreach (var state in new[] { spec.Test.TestState, spec.Test.FixedState })
        {
            var project = new ProjectState("Consumer", LanguageNames.CSharp, "/Consumer/Source", "cs");
            project.Sources.Add(("/Consumer/Consumer.cs", Consumer));
            project.AdditionalProjectReferences.Add("TestProject");
            state.AdditionalProjects.Add("Consumer", project);
        }

        return spec.RunAsync();
    }
}
