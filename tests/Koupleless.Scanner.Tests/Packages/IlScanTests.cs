using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Koupleless.Scanner.Packages.Il;
using Koupleless.Scanner.Packages.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>The IL scan on assemblies compiled from source: documentation IDs, attribution, and the IL-level rules.</summary>
public sealed class IlScanTests
{
    private const string Library = """
        using System;
        using System.Collections.Generic;
        namespace Lib
        {
            public class Outer
            {
                public class Inner { public static void Nested(int[,] grid, ref int count, string[] names) { } }
                public static void Generic<T>(List<T> items, T[] array, Dictionary<string, List<T>> map) { }
                public static Func<int, string> Setting { get; set; }
                public static event EventHandler Changed;
                public Outer(long value) { }
                public static implicit operator string(Outer o) => "";
                public static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
            }
            public class Box<T> { public static void Put(T value, List<T> values) { } }
        }
        """;

    private static (List<PackageFinding> Findings, CSharpCompilationLike Compilation) Scan(string source, params string[] catalogIds)
    {
        var (image, compilation) = CompiledAssembly.Compile(source);
        var catalog = string.Join("\n", catalogIds.Select(id => $"KPL1003 | {id} | listed for the test"));
        var parsed = CatalogParser.Parse("test.txt", SourceText.From(catalog), CatalogRules.Ids);
        Assert.Empty(parsed.Errors);
        var result = AssemblyScanner.Scan(image, "lib/net8.0/Sample.dll", new BinaryHazards(new[] { parsed }));
        Assert.Null(result.Problem);
        return (result.Findings, new CSharpCompilationLike(compilation));
    }

    internal sealed record CSharpCompilationLike(Compilation Compilation)
    {
        public string IdOf(string metadataName, string member)
            => DocumentationCommentId.CreateDeclarationId(Compilation.GetTypeByMetadataName(metadataName)!.GetMembers(member).First())!;
    }

    [Fact]
    public void Il_targets_get_the_same_documentation_ids_as_roslyn()
    {
        const string caller = Library + """
            namespace Use
            {
                public static class Caller
                {
                    public static void All()
                    {
                        int c = 0;
                        Lib.Outer.Inner.Nested(new int[1, 1], ref c, new string[0]);
                        Lib.Outer.Generic(new List<int>(), new int[0], new Dictionary<string, List<int>>());
                        Lib.Outer.Setting = i => i.ToString();
                        Lib.Outer.Changed += (s, e) => { };
                        var o = new Lib.Outer(1);
                        string text = o;
                        Lib.Box<string>.Put("a", new List<string>());
                    }
                }
            }
            """;
        var (image, compilation) = CompiledAssembly.Compile(caller);
        var ids = new[]
        {
            ("Lib.Outer+Inner", "Nested"), ("Lib.Outer", "Generic"), ("Lib.Outer", "set_Setting"), ("Lib.Outer", "add_Changed"),
            ("Lib.Outer", ".ctor"), ("Lib.Outer", "op_Implicit"), ("Lib.Box`1", "Put"),
        }.Select(p => DocumentationCommentId.CreateDeclarationId(compilation.GetTypeByMetadataName(p.Item1)!.GetMembers(p.Item2).First())!).ToList();
        ids.Add("P:Lib.Outer.Setting");
        ids.Add("E:Lib.Outer.Changed");
        ids.Add("T:Lib.Outer");

        var (findings, _) = Scan(caller, ids.ToArray());
        var found = findings.Where(f => f.Type == "Use.Caller").Select(f => f.Target).ToHashSet();
        foreach (var id in ids.Where(i => i.StartsWith("M:", System.StringComparison.Ordinal)))
        {
            Assert.Contains(id, found);
        }

        // P:, E: and T: lines match the accessor and constructor calls (the finding names the member called).
        Assert.Equal(3, findings.Count(f => f.Type == "Use.Caller" && f.Target is "M:Lib.Outer.set_Setting(System.Func{System.Int32,System.String})" or "M:Lib.Outer.add_Changed(System.EventHandler)" or "M:Lib.Outer.#ctor(System.Int64)"));
    }

    [Fact]
    public void Lambdas_iterators_and_async_methods_are_attributed_to_their_declaring_member()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public static class Work
            {
                public static Action Later() => () => Environment.SetEnvironmentVariable("A", "B");
                public static IEnumerable<int> Items() { Environment.SetEnvironmentVariable("A", "B"); yield return 1; }
                public static async Task RunAsync() { await Task.Yield(); Environment.SetEnvironmentVariable("A", "B"); }
                public static Action Capture(string v) => () => Environment.SetEnvironmentVariable("A", v);
            }
            """;
        var (findings, _) = Scan(source, "M:System.Environment.SetEnvironmentVariable(System.String,System.String)");
        Assert.Equal(new[] { "Capture", "Items", "Later", "RunAsync" }, findings.Select(f => f.Member).OrderBy(m => m));
        Assert.All(findings, f => Assert.Equal("Work", f.Type));
    }

    [Fact]
    public void Mutable_statics_mirror_kpl1001()
    {
        const string source = """
            using System;
            using System.Threading;
            public static class State
            {
                public static int PublicField;                       // assignable by anyone
                private static int _counter;                         // changed after initialization
                private static string _initOnly = "x";               // only set by the static constructor
                public static readonly int[] ReadOnlyArray = new int[1];
                public const int Constant = 1;
                private static object _gate = new object();
                [ThreadStatic] private static int _perThread;
                private static AsyncLocal<int> _flow = new AsyncLocal<int>();
                public static string Setting { get; set; }           // static auto-property with a setter
                public static string Fixed { get; } = "f";
                public static event EventHandler Changed;
                public static void Bump() { _counter++; _perThread++; Interlocked.Increment(ref _counter); Changed?.Invoke(null, EventArgs.Empty); }
                public static string Read() => _initOnly;
            }
            internal static class Hidden { public static int Internal; public static void Touch() { } }
            """;
        var (findings, _) = Scan(source);
        var reported = findings.Where(f => f.RuleId == "KPL1001").Select(f => f.Member).OrderBy(m => m).ToList();
        Assert.Equal(new[] { "_counter", "PublicField", "Setting" }, reported);
    }

    [Fact]
    public void Timers_and_threads_count_only_in_static_constructors()
    {
        const string source = """
            using System.Threading;
            public static class Background
            {
                private static readonly Timer Ticker = new Timer(_ => { }, null, 0, 1000);
                public static Thread Start() => new Thread(() => { });
            }
            """;
        var (findings, _) = Scan(source);
        var timer = Assert.Single(findings, f => f.RuleId == "KPL3001");
        Assert.Equal(".cctor", timer.Member);
        Assert.DoesNotContain(findings, f => f.RuleId == "KPL3002");
    }

    [Fact]
    public void Name_based_resolution_on_a_constant_is_not_reported()
    {
        const string source = """
            using System;
            using System.Reflection;
            public static class Resolve
            {
                public static Type Constant() => Type.GetType("System.Uri");
                public static Type FromCaller(string name) => Type.GetType(name, throwOnError: false);
                public static Assembly Load(string name) => Assembly.Load(name);
                public static Assembly LoadFrom(string path) => Assembly.LoadFrom(path);
                public static void Subscribe() => AppDomain.CurrentDomain.ProcessExit += (s, e) => { };
            }
            """;
        var (findings, _) = Scan(source);
        Assert.DoesNotContain(findings, f => f.Member == "Constant");
        Assert.Contains(findings, f => f.RuleId == "KPL2001" && f.Member == "FromCaller");
        Assert.Contains(findings, f => f.RuleId == "KPL2001" && f.Member == "Load");
        Assert.Contains(findings, f => f.RuleId == "KPL2002" && f.Member == "LoadFrom");
        Assert.Contains(findings, f => f.RuleId == "KPL3003" && f.Member == "Subscribe");
    }
}
