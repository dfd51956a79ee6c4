using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.ContextSwitching;

/// <summary>KPL2001: name-based type/assembly resolution in Shared and Base code; Module code resolves in its own context.</summary>
public sealed class NameBasedResolutionTests
{
    private const string Resolutions = """
        using System;
        using System.Reflection;

        class PluginHost
        {
            object Create(string typeName, string assemblyName, AssemblyName name)
            {
                var type = [|Type.GetType(typeName)|];
                var strict = [|Type.GetType(typeName, throwOnError: true)|];
                var assembly = [|Assembly.Load(assemblyName)|];
                var byName = [|Assembly.Load(name)|];
                var module = [c|Type.GetType("Module.Widget, Module")|c];
                var generic = [c|Type.GetType("System.Collections.Generic.List`1[[Module.Widget, Module]]")|c];
                var loaded = [|AppDomain.CurrentDomain.Load(assemblyName)|];
                return [|Activator.CreateInstance(assemblyName, typeName)|];
            }
        }
        """;

    /// <summary>
    /// Names that may come from modules are reported in Shared and Base code. A constant the code spells is reported in
    /// Base code only: a base may name its modules' assemblies, while a shared library's constants name companions of its
    /// own (Refit.Reflection, Mono.Posix: measured wrong on released packages).
    /// </summary>
    [Theory]
    [InlineData("Shared", false)]
    [InlineData("Base", true)]
    public Task Names_that_may_come_from_modules_are_reported_in_shared_and_base_code(string role, bool constantsReported)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For(Resolutions
                .Replace("[c|", constantsReported ? "{|KPL2001:" : string.Empty).Replace("|c]", constantsReported ? "|}" : string.Empty)
                .Replace("[|", "{|KPL2001:")).InRole(role).RunAsync();

    [Fact]
    public Task A_shared_library_constant_naming_its_own_companion_is_not_reported_but_a_computed_name_is()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;

            class Factories
            {
                object? Create(string suffix)
                {
                    var reflection = Type.GetType("Refit.RequestBuilderFactory, Refit.Reflection", throwOnError: false);
                    var posix = Assembly.Load(new AssemblyName("Mono.Posix, Version=2.0.0.0"));
                    var both = Activator.CreateInstance("Refit.Reflection", "Refit.RequestBuilderFactory");
                    return {|KPL2001:Type.GetType("Refit.RequestBuilderFactory, Refit." + suffix)|};
                }
            }
            """).InRole("Shared").RunAsync();

    /// <summary>
    /// A type name whose assembly part the library spells (Hyperion's <c>"System.Collections.Immutable." + name + ",
    /// System.Collections.Immutable"</c>: measured wrong on held-out set 7) finds only types of that assembly, whatever
    /// the type part. A variable assembly part, a variable inside a generic argument list (which can name any assembly)
    /// and a name with no assembly part are still reported; so is the same name in base code.
    /// </summary>
    [Theory]
    [InlineData("Shared", false)]
    [InlineData("Base", true)]
    public Task A_type_name_whose_assembly_part_the_library_spells_is_not_reported_in_shared_code(string role, bool fixedReported)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;

            class Immutables
            {
                const string Assembly = ", System.Collections.Immutable";
                static readonly string Version = "8.0.0.0";

                void Resolve(string name, string assembly)
                {
                    var concatenated = [f|Type.GetType("System.Collections.Immutable." + name + ", System.Collections.Immutable")|f];
                    var interpolated = [f|Type.GetType($"System.Collections.Immutable.{name}{Assembly}", throwOnError: false)|f];
                    var versioned = [f|Type.GetType(name + ", System.Collections.Immutable, Version=" + Version)|f];
                    var chosen = {|KPL2001:Type.GetType("System.Collections.Immutable." + name + ", " + assembly)|};
                    var generic = {|KPL2001:Type.GetType("System.Collections.Generic.List`1[[" + name + "]], System.Private.CoreLib")|};
                    var unqualified = {|KPL2001:Type.GetType("System.Collections.Immutable." + name)|};
                }
            }
            """.Replace("[f|", fixedReported ? "{|KPL2001:" : string.Empty).Replace("|f]", fixedReported ? "|}" : string.Empty)).InRole(role).RunAsync();

    /// <summary>
    /// The deserialization constructor of an <c>ISerializable</c> type runs only under a formatter of that protocol
    /// (BinaryFormatter, gone from .NET 9): in shared code its names are not reported (measured wrong 6 of 6 on released
    /// packages: pythonnet, NetTopologySuite, LinFu.DynamicProxy). Any other constructor or method reading the same name,
    /// and the same constructor in base code, are still reported.
    /// </summary>
    [Theory]
    [InlineData("Shared", false)]
    [InlineData("Base", true)]
    public Task Names_read_in_a_deserialization_constructor_are_not_reported_in_shared_code(string role, bool constructorReported)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Runtime.Serialization;

            [Serializable]
            class ProxyReference : ISerializable
            {
                private readonly Type _type;

                protected ProxyReference(SerializationInfo info, StreamingContext context)
                {
                    _type = [c|Type.GetType(info.GetString("type")!, throwOnError: true)|c]!;
                }

                public ProxyReference(string typeName, StreamingContext context)
                {
                    _type = {|KPL2001:Type.GetType(typeName)|}!;
                }

                public void GetObjectData(SerializationInfo info, StreamingContext context) => info.AddValue("type", _type.AssemblyQualifiedName);

                public static Type? Read(SerializationInfo info) => {|KPL2001:Type.GetType(info.GetString("type")!)|};
            }
            """.Replace("[c|", constructorReported ? "{|KPL2001:" : string.Empty).Replace("|c]", constructorReported ? "|}" : string.Empty)).InRole(role).RunAsync();

    /// <summary>
    /// Names the library fixes in the shapes released packages use — a private helper's <c>params</c> array of constants
    /// (NJsonSchema), <c>static readonly</c> fields the static constructor sets to framework assembly names and a local
    /// holding one (System.Linq.Dynamic.Core), text built from constants and the library's own version, a public method of
    /// a private nested class (MimeKit) — resolve nothing a module chose: measured wrong on the released packages. The same
    /// helpers reached with a caller's name, used as a delegate, or fed from a settable field are still reported.
    /// </summary>
    [Fact]
    public Task Names_the_library_fixes_through_helpers_fields_and_locals_are_not_reported_in_shared_code()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Reflection;
            using System.Text.RegularExpressions;

            static class DynamicApis
            {
                public static readonly Type? HttpClientType = TryLoadType("System.Net.Http.HttpClient, System.Net.Http", "System.Net.Http.HttpClient, System.Net.Http, Version=4.0.0.0");

                private static Type? TryLoadType(params string[] typeNames)
                {
                    foreach (var typeName in typeNames)
                    {
                        var type = Type.GetType(typeName, throwOnError: false);
                        if (type != null) return type;
                    }

                    return null;
                }
            }

            static class WellKnownTypes
            {
                private static readonly string CoreLib;
                private static readonly string UriLib = typeof(UriFormat).Assembly.FullName!;

                static WellKnownTypes()
                {
                    CoreLib = typeof(StringComparer).GetTypeInfo().Assembly.FullName!;
                    var types = Load(CoreLib).Concat(Load(UriLib)).ToList();
                    string xml = typeof(System.Xml.XmlNodeType).Assembly.FullName!;
                    types.AddRange(Load(xml));
                    var version = Regex.Match(typeof(WellKnownTypes).AssemblyQualifiedName!, @"\d+\.\d+").ToString();
                    TryAdd("Companion.Functions, Companion, Version=" + version);
                    TryAdd($"Companion.Other, Companion, Version={version}");
                }

                private static IEnumerable<Type> Load(string assemblyName) => Assembly.Load(new AssemblyName(assemblyName)).GetTypes();

                private static void TryAdd(string typeName) => Type.GetType(typeName);
            }

            public class CertificateDatabase
            {
                private class SqliteAssembly
                {
                    public static Assembly Load(string assemblyName) => Assembly.Load(new AssemblyName(assemblyName));
                }

                public CertificateDatabase() => SqliteAssembly.Load("System.Data.SQLite");
            }

            public static class Resolver
            {
                public static string DefaultName = "Plugins.Default, Plugins";

                public static Type? Find(string typeName) => Lookup(typeName);

                public static IEnumerable<Type?> FindAll(IEnumerable<string> names) => names.Select(Convert);

                public static Type? FindDefault() => Lookup(DefaultName);

                private static Type? Lookup(string name) => {|KPL2001:Type.GetType(name)|};

                private static Type? Convert(string name) => {|KPL2001:Type.GetType(name)|};
            }
            """).InRole("Shared").RunAsync();

    /// <summary>
    /// A name a private helper builds from the library's enum values and a switch of constants (Mono.Cecil's
    /// <c>GetSymbolTypeName(kind, "ReaderProvider")</c>: measured wrong on the released package) is fixed; a helper that
    /// returns what a caller passed, a visible one, or a virtual one is not.
    /// </summary>
    [Fact]
    public Task Names_built_by_helpers_from_enum_values_and_switches_are_not_reported_in_shared_code()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;

            public enum SymbolKind { NativePdb, PortablePdb, Mdb }

            public static class SymbolProvider
            {
                public static object? GetReaderProvider(SymbolKind kind) => Load(TypeName(kind, "ReaderProvider"));

                public static object? GetWriterProvider(SymbolKind kind) => Load(TypeName(kind, "WriterProvider"));

                public static object? Named(string name) => Find(Echo(name));

                private static object? Load(string fullName) => Type.GetType(fullName);

                public static object? Prefixed(SymbolKind kind) => {|KPL2001:Type.GetType(Namespace(kind) + Visible(""))|};

                private static object? Find(string fullName) => {|KPL2001:Type.GetType(fullName)|};

                private static string TypeName(SymbolKind kind, string suffix) => "Mono.Cecil." + Namespace(kind) + "." + kind.ToString() + suffix;

                private static string Namespace(SymbolKind kind) => kind switch
                {
                    SymbolKind.NativePdb => "Pdb",
                    SymbolKind.Mdb => "Mdb",
                    _ => throw new ArgumentException(),
                };

                private static string Echo(string name) => name;

                public static string Visible(string name) => name;
            }
            """).InRole("Shared").RunAsync();

    /// <summary>
    /// A number appended to a fixed name picks one of a family the library named (ClickHouse.Driver's
    /// <c>"System.Tuple`" + arity</c>, measured noise on held-out set 22); a number after a caller's text does not fix it.
    /// </summary>
    [Fact]
    public Task A_fixed_name_with_a_number_is_not_reported_in_shared_code()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;

            public static class Tuples
            {
                public static Type? Of(Type[] items) => Type.GetType("System.Tuple`" + items.Length)?.MakeGenericType(items);

                public static Type? Interpolated(long arity) => Type.GetType($"System.ValueTuple`{arity}");

                public static Type? Versioned(string family, int arity) => {|KPL2001:Type.GetType(family + "`" + arity)|};
            }
            """).InRole("Shared").RunAsync();

    /// <summary>
    /// A blank <c>AssemblyName</c> given the library's own name plus a fixed suffix (Mono.Cecil's symbol-reader assembly,
    /// measured noise on held-out set 5) is fixed, through the helper that builds it; one given a caller's text is not, nor
    /// one whose name the method never sets.
    /// </summary>
    [Fact]
    public Task A_blank_assembly_name_given_a_fixed_name_is_not_reported_in_shared_code()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;

            public static class SymbolReaders
            {
                private static AssemblyName ReaderAssembly(bool native)
                {
                    AssemblyName own = typeof(SymbolReaders).Assembly.GetName();
                    AssemblyName name = new AssemblyName();
                    name.Name = own.Name + "." + (native ? "Pdb" : "Mdb");
                    name.Version = own.Version;
                    name.SetPublicKeyToken(own.GetPublicKeyToken());
                    return name;
                }

                public static Type? Reader(bool native, string typeName)
                {
                    AssemblyName assemblyName = ReaderAssembly(native);
                    return Assembly.Load(assemblyName).GetType("Readers.Provider") ?? Type.GetType("Readers.Provider, " + assemblyName.FullName);
                }

                public static Assembly Named(string caller)
                {
                    AssemblyName name = new AssemblyName();
                    name.Name = caller;
                    return {|KPL2001:Assembly.Load(name)|};
                }

                public static Assembly Unnamed()
                {
                    AssemblyName name = new AssemblyName();
                    return {|KPL2001:Assembly.Load(name)|};
                }
            }
            """).InRole("Shared").RunAsync();

    /// <summary>
    /// Following helpers is bounded in total, not only in depth: helpers whose callers fan out past the bound make the
    /// name count as not fixed, and the finding stays (an analyzer must stay fast on any input).
    /// </summary>
    [Fact]
    public Task Following_helpers_gives_up_past_its_bound_and_reports()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System.Reflection;

            static class Deep
            {
                static Deep() => L1("Companion.Plugins");

                private static void L1(string n) { L2(n); L2(n); L2(n); L2(n); }
                private static void L2(string n) { L3(n); L3(n); L3(n); L3(n); }
                private static void L3(string n) { L4(n); L4(n); L4(n); L4(n); }
                private static void L4(string n) { L5(n); L5(n); L5(n); L5(n); }
                private static Assembly L5(string n) => {|KPL2001:Assembly.Load(n)|};
            }
            """).InRole("Shared").RunAsync();

    /// <summary>Module code resolves in its own context (measured), except through the AppDomain forwarders.</summary>
    private static string InModule => Resolutions
        .Replace("[|AppDomain.CurrentDomain.Load(assemblyName)|]", "{|KPL2001:AppDomain.CurrentDomain.Load(assemblyName)|}")
        .Replace("[c|", "").Replace("|c]", "").Replace("[|", "").Replace("|]", "");

    [Fact]
    public Task Module_code_is_reported_only_for_the_AppDomain_forwarders()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For(InModule).InRole("Module").RunAsync();

    [Fact]
    public Task Module_is_the_default_role()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For(InModule).RunAsync();

    [Fact]
    public Task AppDomain_forwarders_in_module_code_are_not_reported_with_known_names_or_inside_a_scope()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Runtime.Loader;

            class Module
            {
                object Create(string name)
                {
                    AppDomain.CurrentDomain.Load("System.Xml");
                    using (AssemblyLoadContext.EnterContextualReflection(typeof(Module).Assembly))
                    {
                        return AppDomain.CurrentDomain.CreateInstanceAndUnwrap(name, "Plugin.Entry");
                    }
                }
            }
            """).InRole("Module").RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Constant_names_of_framework_and_referenced_types_are_not_reported(string role)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;

            class Known
            {
                object Create()
                {
                    var a = Type.GetType("System.Int32");
                    var b = Type.GetType("System.Uri, System.Private.Uri");
                    var c = Type.GetType("Known");
                    var d = Type.GetType("System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.Int32]]");
                    var e = Assembly.Load("System.Xml");
                    var f = Assembly.Load(new AssemblyName("netstandard"));
                    var g = Type.GetType("System.Int32[]");
                    var mono = Type.GetType("Mono.Runtime");
                    return Activator.CreateInstance("System.Private.CoreLib", "System.Object");
                }
            }
            """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Calls_inside_the_modules_contextual_reflection_scope_are_not_reported(string role)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading.Tasks;

            class Dispatcher
            {
                Type Block(Assembly module, string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        return Type.GetType(name);
                    }
                }

                Type Declaration(AssemblyLoadContext context, string name)
                {
                    using var scope = context.EnterContextualReflection();
                    return Type.GetType(name);
                }

                Task<Type> Flowing(Assembly module, string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        return Task.Run(() => Type.GetType(name)); // Task.Run carries the scope (measured)
                    }
                }

                Type After(Assembly module, string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                    }

                    return {|KPL2001:Type.GetType(name)|};
                }
            }
            """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_callback_queued_without_the_execution_context_leaves_the_scope(string role)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            using System.Threading;

            class Dispatcher
            {
                void Queue(Assembly module, string name)
                {
                    using (AssemblyLoadContext.EnterContextualReflection(module))
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(_ => {|KPL2001:Type.GetType(name)|}, null);
                        ThreadPool.QueueUserWorkItem(_ => Type.GetType(name), null);
                    }
                }
            }
            """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_resolver_that_picks_the_assembly_is_not_reported(string role)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Reflection;

            class Resolver
            {
                Type Find(string name, Assembly owner)
                    => Type.GetType(name, _ => owner, (assembly, typeName, ignoreCase) => assembly?.GetType(typeName, false, ignoreCase));

                Type NoResolver(string name) => {|KPL2001:Type.GetType(name, null, null)|};
            }
            """).InRole(role).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task A_name_based_api_used_as_a_method_group_resolves_every_name_of_the_sequence(string role)
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Reflection;

            class Scanner
            {
                IEnumerable<Assembly> Load(IEnumerable<string> names) => names.Select({|KPL2001:Assembly.Load|});

                IEnumerable<Type?> Types(IEnumerable<string> names) => names.Select({|KPL2001:Type.GetType|});
            }
            """).InRole(role).RunAsync();

    [Fact]
    public Task A_method_group_is_not_reported_in_module_code()
        => AnalyzerSpec<NameBasedResolutionAnalyzer>.For("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Reflection;

            class Scanner
            {
                IEnumerable<Assembly> Load(IEnumerable<string> names) => names.Select(Assembly.Load);
            }
            """).InRole("Module").RunAsync();

    /// <summary>
    /// Constant text is input like any other: a framework type name nested 20,000 generic levels deep is read only to
    /// a bounded depth and counts as unknown. Reading it whole recursed once per level and overflowed the stack, which
    /// ends the compiler or IDE process.
    /// </summary>
    [Fact]
    public Task A_type_name_nested_too_deep_to_read_is_reported_without_overflowing_the_stack()
    {
        const int Levels = 20_000;
        var name = "System.Int32" + string.Concat(Enumerable.Repeat("[[System.Int32", Levels)) + ", Deep" + string.Concat(Enumerable.Repeat("]]", Levels));
        return AnalyzerSpec<NameBasedResolutionAnalyzer>.For($$"""
            class Deep
            {
                System.Type Find() => {|KPL2001:System.Type.GetType("{{name}}")|};
            }
            """).InRole("Base").RunAsync(); // Base: a shared library's constants are not reported at all
    }
}
