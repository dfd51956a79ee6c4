using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Rules.StaticState;
using Koupleless.Analyzers.CodeFixes.Tests.Infrastructure;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.CodeFixes.Tests.Rules.StaticState;

/// <summary>
/// KPL1001 fixes: "Make the static field readonly", "Remove the setter of the static property" (storage a module could
/// set but nothing in the solution does) and "Use a per-load-context holder", each with Fix All and trivia.
/// </summary>
public sealed class MutableStaticFieldFixerTests
{
    private static CodeFixSpec<SharedStaticStateAnalyzer, MutableStaticFieldFixer> Spec(string source, string fixedSource)
        => CodeFixSpec<SharedStaticStateAnalyzer, MutableStaticFieldFixer>.For(source, fixedSource).InRole("Shared").ForCompilationEndDiagnostics();

    [Fact]
    public Task Make_readonly_keeps_comments_and_modifiers() => Spec("""
        public class Limits
        {
            /// <summary>The largest batch.</summary>
            public static int {|KPL1001:MaxBatch|} = 10; // tuned by hand
            public static string {|KPL1001:Name|};

            static Limits()
            {
                Name = "limits";
            }

            public static int Max => MaxBatch + Name.Length;
        }
        """, """
        public class Limits
        {
            /// <summary>The largest batch.</summary>
            public static readonly int MaxBatch = 10; // tuned by hand
            public static readonly string Name;

            static Limits()
            {
                Name = "limits";
            }

            public static int Max => MaxBatch + Name.Length;
        }
        """).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();

    [Fact]
    public Task Make_readonly_fixes_all_fields_in_every_document() => Spec("""
        public static class First
        {
            public static System.TimeSpan {|KPL1001:Timeout|} = System.TimeSpan.FromSeconds(5);
        }
        """, """
        public static class First
        {
            public static readonly System.TimeSpan Timeout = System.TimeSpan.FromSeconds(5);
        }
        """).WithDocument("/0/Second.cs", """
        public static class Second
        {
            public static bool {|KPL1001:Enabled|} = true;
            public static bool On => Enabled && First.Timeout.TotalSeconds > 1;
        }
        """, """
        public static class Second
        {
            public static readonly bool Enabled = true;
            public static bool On => Enabled && First.Timeout.TotalSeconds > 1;
        }
        """).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();

    [Fact]
    public Task Make_readonly_is_not_offered_when_the_field_changes_later_or_holds_a_mutable_object()
    {
        const string Source = """
            using System.Collections.Generic;

            public static class Counters
            {
                public static int {|KPL1001:Count|};
                public static List<string> {|KPL1001:Names|} = new List<string>();

                public static void Set(int count) => Count = count;

                public static string Peek() => Count + Names[0];
            }
            """;
        return Spec(Source, Source).UsingFix(MutableStaticFieldFixer.MakeReadOnlyKey).RunAsync();
    }

    [Fact]
    public Task Remove_the_setter_of_properties_nothing_sets_after_type_initialization() => Spec("""
        public static class Defaults
        {
            /// <summary>Shown in logs.</summary>
            public static string Name { get; {|KPL1001:set|}; } = "base"; // fixed at start
            public static int Retries { get; {|KPL1001:set|}; }

            static Defaults() { Retries = 3; }

            public static string Describe() => Name + Retries;
        }
        """, """
        public static class Defaults
        {
            /// <summary>Shown in logs.</summary>
            public static string Name { get; } = "base"; // fixed at start
            public static int Retries { get; }

            static Defaults() { Retries = 3; }

            public static string Describe() => Name + Retries;
        }
        """).UsingFix(MutableStaticFieldFixer.RemoveSetterKey).RunAsync();

    [Fact]
    public Task Remove_the_setter_is_not_offered_when_the_property_changes_later()
    {
        const string Source = """
            public static class Defaults
            {
                public static string Name { get; {|KPL1001:set|}; } = "base";
                public static void Rename(string name) => Name = name;
                public static string Describe() => Name;
            }
            """;
        return Spec(Source, Source).UsingFix(MutableStaticFieldFixer.RemoveSetterKey).RunAsync();
    }

    [Fact]
    public Task Per_load_context_holder_turns_the_field_into_a_property_of_the_same_name() => Spec("""
        using System;

        public static class Counter
        {
            // the step modules choose
            private static int {|KPL1001:_step|} = 1; // per module after the fix

            public static void Use(int step) => _step = step;

            public static int Next(int value) => value + _step;
        }
        """, $$"""
        using System;

        public static class Counter
        {
            // the step modules choose
            private static int _step { get => _stepPerContext.Value; set => _stepPerContext.Value = value; } // per module after the fix
            private static readonly PerLoadContext<int> _stepPerContext = new PerLoadContext<int>(() => 1);

            public static void Use(int step) => _step = step;

            public static int Next(int value) => value + _step;

        {{Holder("    ")}}
        }
        """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_moves_initializers_into_a_factory_and_splits_declarations() => Spec("""
        namespace Shared.Lib
        {
            public class Settings
            {
                public static string {|KPL1001:Name|} = "default", {|KPL1001:Mode|};
                public static int[] {|KPL1001:Slots|} = { 1, 2 };

                public static string Describe() => Name + Mode + Slots.Length;

                public static void UseSlots(int[] slots) => Slots = slots;
            }
        }
        """, $$"""
        namespace Shared.Lib
        {
            public class Settings
            {
                public static string Name { get => NamePerContext.Value; set => NamePerContext.Value = value; }
                private static readonly PerLoadContext<string> NamePerContext = new PerLoadContext<string>(() => "default");
                public static string Mode { get => ModePerContext.Value; set => ModePerContext.Value = value; }
                private static readonly PerLoadContext<string> ModePerContext = new PerLoadContext<string>();
                public static int[] Slots { get => SlotsPerContext.Value; set => SlotsPerContext.Value = value; }
                private static readonly PerLoadContext<int[]> SlotsPerContext = new PerLoadContext<int[]>(() => new int[] { 1, 2 });

                public static string Describe() => Name + Mode + Slots.Length;

                public static void UseSlots(int[] slots) => Slots = slots;

        {{Holder("        ")}}
            }
        }
        """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).WithIterations(3).RunAsync();

    [Fact]
    public Task Per_load_context_holder_keeps_the_auto_property_and_its_accessors() => Spec("""
        using System.Collections.Generic;

        namespace Host
        {
            public static class Session
            {
                // the current user
                public static string User { get; {|KPL1001:set|}; } = "anonymous";
                public static List<string> {|KPL1001:Roles|} { get; private set; }

                public static void SignIn(string user, List<string> roles) { User = user; Roles = roles; }
                public static bool IsAdmin => User == "admin" && Roles.Count > 0;
            }
        }
        """, $$"""
        using System.Collections.Generic;

        namespace Host
        {
            public static class Session
            {
                // the current user
                public static string User { get => UserPerContext.Value; set => UserPerContext.Value = value; }
                private static readonly PerLoadContext<string> UserPerContext = new PerLoadContext<string>(() => "anonymous");
                public static List<string> Roles { get => RolesPerContext.Value; private set => RolesPerContext.Value = value; }
                private static readonly PerLoadContext<List<string>> RolesPerContext = new PerLoadContext<List<string>>();

                public static void SignIn(string user, List<string> roles) { User = user; Roles = roles; }
                public static bool IsAdmin => User == "admin" && Roles.Count > 0;

        {{Holder("        ")}}
            }
        }
        """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Per_load_context_holder_is_not_offered_for_fields_passed_by_reference_set_in_the_static_constructor_or_volatile()
    {
        const string Source = """
            using System.Threading;

            public static class Counter
            {
                public static int {|KPL1001:Count|};
                public static string {|KPL1001:Name|};
                public static volatile bool {|KPL1001:Stopping|};

                static Counter() { Name = "counter"; }

                public static int Next() => Stopping ? 0 : Interlocked.Increment(ref Count) + Name.Length;
            }
            """;
        return Spec(Source, Source).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();
    }

    /// <summary>A project that references Koupleless.Adapters gets the package's holder and no nested one.</summary>
    [Fact]
    public Task The_package_holder_is_used_when_the_project_references_it() => Spec("""
        public static class Counter
        {
            public static int {|KPL1001:Count|};
            public static int Peek() => Count;
        }
        """, """
        using Koupleless.Adapters;

        public static class Counter
        {
            public static int Count { get => CountPerContext.Value; set => CountPerContext.Value = value; }
            private static readonly PerLoadContext<int> CountPerContext = new PerLoadContext<int>();
            public static int Peek() => Count;
        }
        """).WithReferences(MetadataReference.CreateFromFile(typeof(Koupleless.Adapters.PerLoadContext<>).Assembly.Location))
        .UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    /// <summary>The nested holder's type parameter must not hide the enclosing type's (CS0693): TValue becomes TValue2.</summary>
    [Fact]
    public Task The_nested_holder_renames_its_type_parameter_when_the_enclosing_type_uses_it() => Spec("""
        public static class Cache<TValue>
        {
            public static int {|KPL1001:Last|};
            public static int Peek() => Last;
        }
        """, $$"""
        public static class Cache<TValue>
        {
            public static int Last { get => LastPerContext.Value; set => LastPerContext.Value = value; }
            private static readonly PerLoadContext<int> LastPerContext = new PerLoadContext<int>();
            public static int Peek() => Last;

        {{NestedHelperText.At(PerLoadContextTemplate.Nested("TValue2"), "    ")}}
        }
        """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    /// <summary>The holder as the fix nests it in a type whose members are indented by <paramref name="indentation"/>.</summary>
    private static string Holder(string indentation) => NestedHelperText.At(PerLoadContextTemplate.Nested("TValue"), indentation);

    /// <summary>
    /// A partial type with a field in each of its two documents, one used from the other part: each field becomes a
    /// property with its holder where it is declared, the holder names stay distinct across the parts, and the holder
    /// type is nested once, in one of the parts.
    /// </summary>
    [Fact]
    public Task Per_load_context_holder_for_the_fields_of_a_partial_type_in_two_documents() => Spec("""
        public static partial class Counter
        {
            private static int {|KPL1001:_start|};

            public static int Next(int value) => _start + value * _step;
        }
        """, $$"""
        public static partial class Counter
        {
            private static int _start { get => _startPerContext.Value; set => _startPerContext.Value = value; }
            private static readonly PerLoadContext<int> _startPerContext = new PerLoadContext<int>();

            public static int Next(int value) => _start + value * _step;

        {{Holder("    ")}}
        }
        """).WithDocument("/0/Test1.cs", """
        public static partial class Counter
        {
            private static int {|KPL1001:_step|} = 1;

            public static void Reset(int start, int step) { _start = start; _step = step; }
        }
        """, """
        public static partial class Counter
        {
            private static int _step { get => _stepPerContext.Value; set => _stepPerContext.Value = value; }
            private static readonly PerLoadContext<int> _stepPerContext = new PerLoadContext<int>(() => 1);

            public static void Reset(int start, int step) { _start = start; _step = step; }
        }
        """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey).RunAsync();

    [Fact]
    public Task Half_typed_fields_do_not_break_the_fix() => Spec("""
        public static class Broken
        {
            public static {|CS0246:Missing|} {|KPL1001:Value|};
            public static int {|KPL1001:Count|} = {|CS0103:Unknown|};
            public static string Show() => $"{Value}{Count}";
        }
        """, """
        public static class Broken
        {
            public static {|CS0246:Missing|} {|KPL1001:Value|};
            public static readonly int Count = {|CS0103:Unknown|};
            public static string Show() => $"{Value}{Count}";
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
                    public static int Peek() => Count;
                }
            }
            """, $$"""
            namespace Shared
            {
                public static class Counter
                {
                    public static int Count { get => CountPerContext.Value; set => CountPerContext.Value = value; }
                    private static readonly PerLoadContext<int> CountPerContext = new PerLoadContext<int>();
                    public static int Peek() => Count;

            {{Holder("        ")}}
                }
            }
            """).UsingFix(MutableStaticFieldFixer.PerLoadContextKey);
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
