using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>KPL1001: mutable static fields in Shared and Base code; a module's own statics are private to its context.</summary>
public sealed class MutableStaticFieldTests
{
    private const string MutableStatics = """
        using System.Collections.Generic;

        public class Registry
        {
            private static int {|KPL1001:_count|};
            public static string {|KPL1001:Name|} = "default";
            internal static List<string> {|KPL1001:_names|} = new List<string>();
            private static volatile bool {|KPL1001:_ready|};
            static int {|KPL1001:_a|}, {|KPL1001:_b|} = 2;

            private class Nested
            {
                // A private nested type's static is still one value per process.
                public static object {|KPL1001:Current|};
            }

            public static int Next() => ++_count + _a + _b;
        }

        public class Cache<T>
        {
            public static T {|KPL1001:Last|};
        }
        """;

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Non_readonly_static_fields_are_reported_in_shared_and_base_code(string role)
        => AnalyzerSpec<MutableStaticFieldAnalyzer>.For(MutableStatics).InRole(role).RunAsync();

    [Fact]
    public Task Module_statics_are_private_to_the_module_context() => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        using System.Collections.Generic;

        public class Registry
        {
            private static int _count;
            private static readonly Dictionary<string, int> Map = new Dictionary<string, int>();
            public static int Next() { Map["x"] = 1; return ++_count; }
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task The_default_role_is_module() => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        public class Registry
        {
            private static int _count;
            public static int Next() => ++_count;
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Constants_immutable_readonly_holders_and_locks_are_not_reported(string role) => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading;

        public class Settings
        {
            public const int Limit = 10;
            private static readonly string Prefix = "x";
            private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
            private static readonly Type Marker = typeof(Settings);
            private static readonly ImmutableList<string> Names = ImmutableList<string>.Empty;
            private static readonly List<string> NeverChanged = new List<string> { "a", "b" };
            private static readonly object Gate = new object();
            private static object _sync = new object();
            private static object _sync2 = new();
            private static readonly AsyncLocal<string> Current = new AsyncLocal<string>();
            private static AsyncLocal<int> _depth = new AsyncLocal<int>();
            private static ThreadLocal<Random> _random = new ThreadLocal<Random>(() => new Random());
            [ThreadStatic] private static int _perThread;
            public static event EventHandler Changed;
            public static int Counter { get; set; }
            private int _instanceField;

            public static ImmutableList<string> With(string name)
            {
                lock (_sync) { _perThread++; }
                Changed?.Invoke(null, EventArgs.Empty);
                return Names.Add(name).AddRange(NeverChanged);
            }
        }

        public enum Mode { A, B }
        """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Readonly_static_collections_are_reported_where_they_change(string role) => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;

        public static class Handlers
        {
            private static readonly Dictionary<string, Type> Types = new Dictionary<string, Type>();
            private static readonly ConcurrentDictionary<Type, object> Cache = new ConcurrentDictionary<Type, object>();
            private static readonly HashSet<string> Seen = new HashSet<string>();
            private static readonly List<Action> Callbacks = new List<Action>();
            private static readonly int[] Slots = new int[4];
            private static readonly Queue<int> Pending = new Queue<int>();
            public static List<string> Names { get; } = new List<string>();

            static Handlers()
            {
                Types.Add("int", typeof(int)); // type initialisation: once per process, before any module
                Slots[0] = 1;
                AppDomain.CurrentDomain.ProcessExit += (s, e) => {|KPL1001:Callbacks|}.Clear(); // runs later
            }

            public static void Register(string name, Type type, Action callback)
            {
                {|KPL1001:Types|}[name] = type;
                {|KPL1001:Cache|}.GetOrAdd(type, t => new object());
                {|KPL1001:Cache|}.TryAdd(type, 1);
                {|KPL1001:Seen|}.Add(name);
                {|KPL1001:Callbacks|}.Add(callback);
                {|KPL1001:Callbacks|}.Clear();
                {|KPL1001:Slots|}[1] = 2;
                {|KPL1001:Slots|}[2]++;
                Array.Clear({|KPL1001:Slots|}, 0, 1);
                {|KPL1001:Pending|}.Enqueue(1);
                {|KPL1001:Names|}.Add(name);
                {|KPL1001:Types|}.Remove("x");
            }

            public static bool Read(string name)
                => Types.ContainsKey(name) && Cache.Count > 0 && Seen.Contains(name) && Slots[0] == 1 && Names.Count > 0 && Pending.Count > 0;
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task A_non_readonly_collection_is_reported_once_at_its_declaration() => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        using System.Collections.Generic;

        public static class Handlers
        {
            private static List<string> {|KPL1001:_names|} = new List<string>();

            public static void Add(string name)
            {
                _names.Add(name);
                _names[0] = name;
            }
        }
        """).InRole("Shared").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Half_typed_code_does_not_throw(string role) => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        public class Broken
        {
            private static {|CS0246:Missing|} {|KPL1001:_value|};
            private static readonly {|CS0246:Unknown<int>|} Items = new {|CS0246:Unknown<int>|}();

            public static void Use()
            {
                Items.Add(1);
                {|CS0103:Nowhere|}.Add(2);
                _value = {|CS0103:undefined|};
            }
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task The_message_names_the_field_and_the_role() => AnalyzerSpec<MutableStaticFieldAnalyzer>.For("""
        public class Registry
        {
            private static int _count;
        }
        """).InRole("Base").Expect(
            AnalyzerSpec<MutableStaticFieldAnalyzer>.Diagnostic("KPL1001").WithSpan(3, 24, 3, 30)
                .WithArguments("Registry._count", "is not readonly", "Base")).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Collections_of_other_assemblies_are_reported_where_they_change(string role) => AnalyzerSpec<MutableStaticFieldAnalyzer>
        .For("""
        public static class Startup
        {
            public static void Configure()
            {
                {|KPL1001:Library.Registry.Names|}.Add("base");
                {|KPL1001:Library.Registry.Mutable|}.Clear();
                var count = Library.Registry.Names.Count + Library.Registry.Mutable.Count;
            }
        }
        """)
        .WithReferencedLibrary("""
        namespace Library
        {
            public static class Registry
            {
                public static readonly System.Collections.Generic.List<string> Names = new System.Collections.Generic.List<string>();
                public static System.Collections.Generic.List<string> Mutable = new System.Collections.Generic.List<string>();
            }
        }
        """)
        .InRole(role).RunAsync();

    [Fact]
    public Task Collections_of_other_assemblies_are_not_reported_in_modules() => AnalyzerSpec<MutableStaticFieldAnalyzer>
        .For("""
        public static class Startup
        {
            public static void Configure() => Library.Registry.Names.Add("module");
        }
        """)
        .WithReferencedLibrary("""
        namespace Library
        {
            public static class Registry
            {
                public static readonly System.Collections.Generic.List<string> Names = new System.Collections.Generic.List<string>();
            }
        }
        """)
        .InRole("Module").RunAsync();
}
