using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// KPL1001: static state of Shared/Base code that a module can set — directly (a visible field or setter) or through
/// a member that stores a value the module chose (a parameter, something computed from one, a type argument).
/// </summary>
public sealed class SharedStaticStateOverwriteTests
{
    private static AnalyzerSpec<SharedStaticStateAnalyzer> Shared(string source) => AnalyzerSpec<SharedStaticStateAnalyzer>.For(source).InRole("Shared");

    [Fact]
    public Task Visible_settable_statics_are_set_by_modules_directly() => Shared("""
        public class Settings
        {
            public static int {|KPL1001:Timeout|} = 30;
            public static bool Verbose { get; {|KPL1001:set|}; }
            protected internal static string {|KPL1001:Prefix|} = "x";
            public static readonly int Limit = 10;
            public static bool ReadOnlyFlag { get; }
            public static bool InternalSet { get; internal set; }

            internal static string Describe() => $"{Timeout} {Verbose} {Prefix}";
        }
        """).RunAsync();

    /// <summary>
    /// A visible static field nothing of the library reads after initialisation (PdfSharp's version strings and event IDs:
    /// measured noise) is no shared setting; a property with a public setter is one by design, even when only another
    /// assembly reads it (MassTransit.Abstractions' MessageDataDefaults: measured on the closure).
    /// </summary>
    [Fact]
    public Task Visible_static_fields_nothing_reads_after_initialisation_are_not_shared_settings() => Shared("""
        using System;
        using System.Collections.Generic;

        public static class Events
        {
            public static int {|KPL1001:Seed|} = 1;
            public static int Unused = 2;
            public static string Version { get; {|KPL1001:set|}; } = "1.0";
            public static IDictionary<char, char> Symbols = new Dictionary<char, char> { ['.'] = '.' };
            public static Func<int> {|KPL1001:Counter|} = () => Seed;
            public static string {|KPL1001:Read|} = "a";
            public static bool Verbose;
            private static readonly int Copy = Unused;
            private static readonly Func<string> Later = () => Read;

            static Events() => Symbols['x'] = 'x';

            internal static int Next() { _ = Verbose; return Counter(); }
        }
        """).RunAsync();

    [Fact]
    public Task Visible_fields_a_module_sets_on_purpose_are_reported_whatever_the_library_writes() => Shared("""
        using System;
        using System.Collections.Generic;

        public abstract class Policy { }
        public sealed class Handler { }

        public static class Hooks
        {
            public static Func<DateTime> {|KPL1001:Clock|} = () => DateTime.UtcNow;
            public static IComparer<string> {|KPL1001:Order|} = StringComparer.Ordinal;
            public static Policy? {|KPL1001:DefaultPolicy|} = null;
            public static string {|KPL1001:Prefix|} = "x";
            public static Handler? {|KPL1001:Unset|};
            public static IDictionary<string, string> {|KPL1001:ClaimTypeMap|} = new Dictionary<string, string> { ["sub"] = "id" };
            public static HashSet<string> {|KPL1001:Filter|} = new HashSet<string>();
            public static System.Text.Json.JsonSerializerOptions {|KPL1001:Options|} = new System.Text.Json.JsonSerializerOptions();

            internal static object[] All() => new object[] { Clock, Order, DefaultPolicy, Prefix, Unset, ClaimTypeMap, Filter, Options };
        }
        """).RunAsync();

    [Fact]
    public Task Visible_fields_holding_data_the_library_fills_itself_are_not_set_by_modules() => Shared("""
        using System.Collections.Generic;
        using System.Reflection;
        using System.Text.RegularExpressions;

        public sealed class Tree { internal void Insert(string key) { } }

        public static class Tables
        {
            public static int[] Weights = new int[] { 3, 1, 3 };
            public static IReadOnlyDictionary<string, string> Lookup = new Dictionary<string, string> { ["en"] = "en_US" };
            public static IEnumerable<char> Symbols = new List<char> { 'a' };
            public static Regex Slug = new Regex("[^a-z]+");
            public static FieldInfo? SlugField = typeof(Tables).GetField(nameof(Slug));
            public static Tree Names;
            public static System.Collections.ObjectModel.ReadOnlyCollection<string> Empty = new System.Collections.ObjectModel.ReadOnlyCollection<string>(new List<string>());
            public static System.Collections.Immutable.ImmutableList<string> Known = System.Collections.Immutable.ImmutableList.Create("a");

            static Tables()
            {
                Names = new Tree();
                Names.Insert("a");
            }

            public static int Weight(int i) => Weights[i % Weights.Length] + Empty.Count + Known.Count;
        }
        """).RunAsync();

    /// <summary>
    /// A field named as a constant (ZXing.Net's <c>NUM_MASK_PATTERNS</c>, NATS.Client's <c>MAXSEQ</c>: C and Java constants
    /// ported without <c>readonly</c>, measured noise on held-out sets 3, 5 and 7) is no setting unless the library assigns it
    /// later; a retired setting ([Obsolete] and read by nothing: linq2db's <c>PreferApply</c>, held-out set 7) is none
    /// either, while an unread property that is not retired, and a retired one still read, stay settings.
    /// </summary>
    [Fact]
    public Task Fields_named_as_constants_and_retired_settings_are_no_settings() => Shared("""
        using System;

        public class Codes
        {
            public static int NUM_MASK_PATTERNS = 8;
            protected static int INTEGER_MATH_SHIFT = 8;
            public static long MAXSEQ;
            public static string POUND = "LB";
            public static int {|KPL1001:MAX_DEPTH|} = 10;
            public static int {|KPL1001:Depth|} = 3;

            static Codes() => MAXSEQ = 1L << 40;

            internal static void Deeper() => MAX_DEPTH++;
            internal static long All() => NUM_MASK_PATTERNS + INTEGER_MATH_SHIFT + MAXSEQ + POUND.Length + MAX_DEPTH + Depth;
        }

        public static class Options
        {
            [Obsolete("No effect anymore.")] public static bool PreferApply { get; set; }
            [Obsolete("Use the options.")] public static bool Legacy { get; {|KPL1001:set|}; }
            public static bool Unread { get; {|KPL1001:set|}; }

            internal static bool Use() => Legacy;
        }
        """).RunAsync();

    /// <summary>
    /// A struct with no public setter that the library creates from constants is a value like a literal, even alone
    /// (Mono.Cecil's <c>KindIdentifier</c> GUIDs, ImageSharp's pair of compass kernels: measured noise, held-out sets 5 and
    /// 6); what a setting is measured in (numbers, durations, nullable values), a struct with public fields, a computed
    /// value, one the library leaves for its callers to fill, and values of a type the library assigns later stay settable.
    /// A struct's own pair of named values is constant even with public fields (ZXing's <c>Color.White</c>/<c>Black</c>:
    /// measured noise, held-out set 7); one alone may be its default, which modules set.
    /// </summary>
    [Fact]
    public Task Struct_constants_are_no_settings_but_durations_numbers_and_variables_are() => Shared("""
        using System;

        public readonly struct Kernel
        {
            public Kernel(int size) { Size = size; }
            public int Size { get; }
        }

        public struct Margins { public int Left; }

        public static class Defaults
        {
            public static Guid KindIdentifier = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
            public static Kernel Sobel = new Kernel(3);
            public static Kernel {|KPL1001:Machine|} = new Kernel(Environment.ProcessorCount + 1);
            public static TimeSpan {|KPL1001:Timeout|} = new TimeSpan(0, 0, 30);
            public static decimal {|KPL1001:Rate|} = 1.5m;
            public static int? {|KPL1001:Limit|} = 10;
            public static Margins {|KPL1001:Page|} = new Margins { Left = 1 };
            public static Guid {|KPL1001:Tenant|};

            internal static object[] All() => new object[] { KindIdentifier, Sobel, Machine, Timeout, Rate, Limit, Page, Tenant };
        }

        public struct Rgb
        {
            public static Rgb White = new Rgb(byte.MaxValue);
            public static Rgb Black = new Rgb(0);
            public byte Level;
            public Rgb(byte level) { Level = level; }

            internal static int Contrast() => White.Level - Black.Level;
        }

        public struct Layout
        {
            public static Layout {|KPL1001:Standard|} = new Layout(2);
            public int Columns;
            public Layout(int columns) { Columns = columns; }

            internal static int Width() => Standard.Columns * 80;
        }

        public static class Current
        {
            public static Kernel {|KPL1001:Small|} = new Kernel(3);
            public static Kernel {|KPL1001:Large|} = new Kernel(7);

            internal static void Grow() => Large = new Kernel(9);
            internal static int Sum() => Small.Size + Large.Size;
        }
        """).RunAsync();

    /// <summary>
    /// A static typed by its generic type's own type parameters holds a value for one instantiation only, so a module
    /// assigning it names the instantiation (Mapster's <c>TypeAdapter&lt;TSource, TDestination&gt;.Map</c>, Moq's
    /// <c>Ref&lt;TValue&gt;.IsAny</c>: measured noise, held-out sets 2 and 4); a setting of the same generic type whose type
    /// does not depend on them is still one value for every module using that instantiation.
    /// </summary>
    [Fact]
    public Task Statics_typed_by_their_generic_types_parameters_are_one_slot_per_instantiation() => Shared("""
        using System;

        public static class TypeAdapter<TSource, TDestination>
        {
            public static Func<TSource, TDestination> Map = source => default(TDestination);
            public static bool {|KPL1001:Strict|};
            public static Func<object, object> {|KPL1001:Fallback|} = value => value;

            internal static object Use(TSource source) => Strict ? Fallback(source) : Map(source);
        }

        public static class Ref<TValue>
        {
            public static TValue IsAny = default(TValue);
            public static TValue Current { get; set; }

            internal static object Read() => (object)IsAny ?? Current;
        }
        """).RunAsync();

    /// <summary>
    /// A generic method that replaces a static of a generic type through the instantiation its caller names writes the
    /// caller's own slot (CsvHelper's <c>CsvRecordMapper.Options&lt;T&gt;.Current</c> from <c>RegisterOptions&lt;T&gt;</c>,
    /// Refit's <c>GeneratedFactory&lt;T&gt;.Factory</c>: measured noise, held-out sets 6 and 2). A setter inside the generic
    /// type itself is called for shared instantiations too (linq2db's <c>Convert&lt;string, int&gt;.Lambda</c>: measured
    /// hazards, held-out set 7), and one the library fixes (<c>Fallback&lt;object&gt;</c>) is shared: both reported.
    /// </summary>
    [Fact]
    public Task Writes_through_an_instantiation_the_caller_names_are_per_instantiation() => Shared("""
        using System;

        public sealed class Registration
        {
            public Registration(Func<string, object> create) => Create = create;
            public Func<string, object> Create { get; }
        }

        public static class RecordMapper
        {
            public static void Register<T>(Func<string, object> create) => Factory<T>.Current = new Registration(create);
            public static void RegisterOptions<T>(Func<string, object> create) => Options<T>.Set(new Registration(create));
            public static void RegisterFallback(Func<string, object> create) => Fallback<object>.Current = new Registration(create);

            internal static object? Create<T>(string text) => (Factory<T>.Current ?? Options<T>.Current ?? Fallback<T>.Current)?.Create(text);

            private static class Factory<T> { internal static Registration? Current; }

            private static class Options<T>
            {
                internal static Registration? {|KPL1001:Current|};
                internal static void Set(Registration registration) => Current = registration;
            }

            private static class Fallback<T> { internal static Registration? {|KPL1001:Current|}; }
        }
        """).RunAsync();

    /// <summary>
    /// A read-only static of a struct that holds no reference: every change goes to a copy (SharpCompress's
    /// <c>kNullRange</c>, copied into a context and changed there: measured wrong on the released package, held-out set 4).
    /// A writable one is still reported.
    /// </summary>
    [Fact]
    public Task A_read_only_struct_holding_no_reference_is_never_changed() => Shared("""
        public struct Range
        {
            public int Start;
            public int Size;
            public Range(int start, int size) { Start = start; Size = size; }
        }

        public sealed class Context { public Range Prefix; }

        public static class Methods
        {
            private static readonly Range NullRange = new Range(0, 0);
            private static Range {|KPL1001:_last|} = new Range(0, 0);

            public static void Reset(Context context, int size)
            {
                context.Prefix = NullRange;
                context.Prefix.Size = size;
                _last = context.Prefix;
            }

            // Read by the library: a field nothing reads is no setting (A_number_written_through_a_method_and_never_read_is_not_a_setting).
            public static int LastSize => _last.Size;
        }
        """).RunAsync();

    /// <summary>
    /// A number a public method stores into a static field nothing reads (Lucene.Net's <c>Automaton.SetMinimization</c>:
    /// labelled noise on held-out set 11) changes nothing modules share. Read by the library, or holding a reference, or
    /// visible to code outside, it is still reported.
    /// </summary>
    [Fact]
    public Task A_number_written_through_a_method_and_never_read_is_not_a_setting() => Shared("""
        public class Automaton
        {
            internal static int minimization = 2;
            private static int {|KPL1001:s_minimizeAlways|};
            private static object {|KPL1001:s_marker|};
            public static int {|KPL1001:Level|};

            public static void SetMinimization(int value) => minimization = value;
            public static void SetMinimizeAlways(int value) => s_minimizeAlways = value;
            public static void SetMarker(object value) => s_marker = value;
            public static void SetLevel(int value) => Level = value;

            // An auto-property's getter reads its backing field without a reference in code. (A C# 14 `field` setter's
            // backing field, GraphQL's GlobalSwitches on held-out set 9, is the same case; the Roslyn 4.8 of these tests
            // cannot compile it, so the package benchmark checks it.)
            public static bool {|KPL1001:Enabled|} { get; private set; }
            public static void SetEnabled(bool value) => Enabled = value;

            public bool Minimize() => s_minimizeAlways > 0;
        }
        """).RunAsync();

    [Fact]
    public Task A_data_field_a_member_stores_a_module_value_into_is_still_reported() => Shared("""
        public static class Tables
        {
            public static int[] {|KPL1001:Weights|} = new int[] { 3, 1, 3 };

            public static void UseWeights(int[] weights) => Weights = weights;
        }
        """).RunAsync();

    [Fact]
    public Task A_default_instance_whose_setters_refuse_it_is_not_changed_by_modules() => Shared("""
        using System;

        public sealed class FormatOptions
        {
            private int _width = 78;
            public static readonly FormatOptions Default = new FormatOptions();

            public int Width
            {
                get => _width;
                set
                {
                    if (this == Default)
                    {
                        throw new InvalidOperationException("The default options cannot be changed.");
                    }

                    _width = value;
                }
            }
        }

        public sealed class HeaderSet
        {
            private bool _exclude;
            public static readonly HeaderSet All = new HeaderSet { IsReadOnly = true };

            public bool IsReadOnly { get; private set; }

            public bool Exclude
            {
                get => _exclude;
                set { CheckReadOnly(); _exclude = value; }
            }

            private void CheckReadOnly()
            {
                if (IsReadOnly)
                {
                    throw new InvalidOperationException("read-only");
                }
            }
        }

        public sealed class DeserializationOptions
        {
            private static readonly DeserializationOptions defaultOptions;
            private bool readOnly;
            private bool verify = true;

            static DeserializationOptions()
            {
                defaultOptions = new DeserializationOptions();
                defaultOptions.MakeReadOnly();
            }

            public static DeserializationOptions Default => defaultOptions;

            public bool IsReadOnly => readOnly;

            public bool Verify
            {
                get => verify;
                set
                {
                    bool flag = value;
                    ThrowIfReadOnly();
                    verify = flag;
                }
            }

            public void MakeReadOnly() => readOnly = true;

            private void ThrowIfReadOnly()
            {
                if (IsReadOnly)
                {
                    throw new InvalidOperationException("The object is read only.");
                }
            }
        }

        public sealed class IntervalSet
        {
            public static readonly IntervalSet Complete;
            private bool @readonly;
            private int _max;

            static IntervalSet()
            {
                Complete = Of(0, 1114111);
                Complete.SetReadonly(@readonly: true);
            }

            public static IntervalSet Of(int min, int max) => new IntervalSet { _max = max };

            public int Max
            {
                get => _max;
                set
                {
                    if (@readonly)
                    {
                        throw new InvalidOperationException("can't alter readonly IntervalSet");
                    }

                    _max = value;
                }
            }

            public void SetReadonly(bool @readonly) => this.@readonly = @readonly;
        }
        """).RunAsync();

    /// <summary>
    /// A default frozen by a method called on the new object where it is declared, <c>new FieldType { … }.Freeze()</c>, and
    /// another static that is only a second name for it (Lucene.Net's field types: 24 findings labelled wrong on held-out
    /// set 11). A chained call that sets no flag, and a second name for a default that is not frozen, stay reported.
    /// </summary>
    [Fact]
    public Task A_default_frozen_by_a_call_on_its_creation_is_not_changed_by_modules() => Shared("""
        using System;

        public class FieldType
        {
            private bool frozen;
            private bool indexed;

            public bool IsIndexed
            {
                get => indexed;
                set { CheckIfFrozen(); indexed = value; }
            }

            private void CheckIfFrozen()
            {
                if (frozen)
                {
                    throw new InvalidOperationException("frozen");
                }
            }

            public virtual FieldType Freeze()
            {
                frozen = true;
                return this;
            }

            public FieldType Touch() => this;
        }

        public sealed class StringField
        {
            public static readonly FieldType TYPE = new FieldType { IsIndexed = true }.Freeze();
            public static readonly FieldType TYPE_FIXED = TYPE;
            public static readonly FieldType {|KPL1001:TYPE_OPEN|} = new FieldType { IsIndexed = true }.Touch();
            public static readonly FieldType {|KPL1001:TYPE_OPEN_ALIAS|} = TYPE_OPEN;

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static bool Indexed => TYPE.IsIndexed && TYPE_FIXED.IsIndexed && TYPE_OPEN.IsIndexed && TYPE_OPEN_ALIAS.IsIndexed;
        }
        """).RunAsync();

    /// <summary>
    /// A default frozen where it is made whose setters guard with Microsoft.VisualStudio.Validation's
    /// <c>Verify.Operation(!IsFrozen, …)</c> (StreamJsonRpc's <c>JsonRpcProxyOptions.Default</c>: measured wrong on held-out
    /// set 8). The same call with the flag not negated, or another helper's, proves nothing and stays reported.
    /// </summary>
    [Fact]
    public Task A_default_guarded_by_Verify_Operation_is_not_changed_by_modules() => Shared("""
        using System;

        public static class Verify
        {
            public static void Operation(bool condition, string message)
            {
                if (!condition)
                {
                    throw new InvalidOperationException(message);
                }
            }
        }

        public static class Log
        {
            public static void Operation(bool condition, string message) { }
        }

        public sealed class ProxyOptions
        {
            private string _name = "";
            public static ProxyOptions Default { get; } = new ProxyOptions { IsFrozen = true };

            internal bool IsFrozen { get; init; }

            public string Name
            {
                get => _name;
                set
                {
                    Verify.Operation(!IsFrozen, "frozen");
                    _name = value;
                }
            }
        }

        public sealed class LoggedOptions
        {
            private string _name = "";
            public static LoggedOptions {|KPL1001:Default|} { get; } = new LoggedOptions { IsFrozen = true };

            internal bool IsFrozen { get; init; }

            public string Name
            {
                get => _name;
                set
                {
                    Log.Operation(!IsFrozen, "frozen");
                    _name = value;
                }
            }
        }
        """).RunAsync();

    /// <summary>
    /// A default the constructor it is created with freezes (JsonSchema.Net's <c>JsonSchemaBuilder.True</c>, whose private
    /// constructor sets <c>_readOnly = true</c> and whose <c>Add</c> then throws: measured wrong on the released package);
    /// one made by a constructor that sets the flag only under a condition, or not at all, is still filled.
    /// </summary>
    [Fact]
    public Task A_default_its_constructor_freezes_is_not_filled_by_modules() => Shared("""
        using System;
        using System.Collections.Generic;

        public class SchemaBuilder
        {
            private readonly bool _readOnly;
            private readonly Dictionary<string, object?> _keywords = new Dictionary<string, object?>();

            public static SchemaBuilder True { get; } = new SchemaBuilder(true);
            public static SchemaBuilder {|KPL1002:Open|} { get; } = new SchemaBuilder();

            public SchemaBuilder() { }

            private SchemaBuilder(bool value)
            {
                _keywords["const"] = value;
                _readOnly = true;
            }

            public void Add(string keyword, object? value)
            {
                if (_readOnly)
                {
                    throw new InvalidOperationException("Cannot edit the static builders.");
                }

                _keywords[keyword] = value;
            }
        }

        public class RuleBuilder
        {
            private readonly bool _frozen;
            private readonly List<object> _rules = new List<object>();

            public static RuleBuilder {|KPL1002:Strict|} { get; } = new RuleBuilder(strict: true);

            private RuleBuilder(bool strict)
            {
                if (!strict)
                {
                    _frozen = true;
                }
            }

            public void Add(object rule)
            {
                if (_frozen)
                {
                    throw new InvalidOperationException("frozen");
                }

                _rules.Add(rule);
            }
        }
        """).RunAsync();

    /// <summary>
    /// A module's subclass reaches a protected member only through its own instances, never through the object a static
    /// holds (ANTLR's <c>protected internal IntervalSet.intervals</c>: measured noise); public members stay reported.
    /// </summary>
    [Fact]
    public Task Protected_members_of_an_object_a_static_holds_are_not_changed_by_modules() => Shared("""
        using System.Collections.Generic;

        public class IntervalSet
        {
            public static readonly IntervalSet Complete = new IntervalSet();
            protected internal IList<int> intervals = new List<int>();
            protected bool Frozen { get; set; }
        }

        public class Range
        {
            public static readonly Range {|KPL1001:All|} = new Range();
            public IList<int> bounds = new List<int>();

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static int Count => All.bounds.Count;
        }
        """).RunAsync();

    /// <summary>An init accessor runs only on an object being created, never on the one a static holds (Tomlyn's options record).</summary>
    [Fact]
    public Task A_default_instance_with_init_only_members_is_not_changed_by_modules() => Shared("""
        using System;
        using System.Collections.Generic;

        public sealed record SerializerOptions
        {
            private object[] _converters = Array.Empty<object>();

            public static SerializerOptions Default { get; } = new SerializerOptions();

            public IReadOnlyList<object> Converters
            {
                get => _converters;
                init => _converters = new List<object>(value).ToArray();
            }
        }

        public sealed record Registry
        {
            private static readonly List<object> {|KPL1002:s_converters|} = new List<object>();

            public object Converter
            {
                get => s_converters[0];
                init => s_converters.Add(value);
            }
        }

        public sealed class WriterOptions
        {
            private object[] _converters = Array.Empty<object>();

            public static WriterOptions {|KPL1001:Default|} { get; } = new WriterOptions();

            public IReadOnlyList<object> Converters
            {
                get => _converters;
                set => _converters = new List<object>(value).ToArray();
            }
        }
        """).RunAsync();

    /// <summary>
    /// A struct of numbers copied out of a default instance is the copier's own: changing the copy changes nothing the
    /// default holds (Scriban's lexer advancing its copy of <c>LexerOptions.Default.StartPosition</c>: held-out set 10).
    /// The same position held as an object is shared, and changing it changes the default's state.
    /// </summary>
    [Fact]
    public Task A_struct_of_numbers_copied_out_of_a_default_is_changed_as_a_copy() => Shared("""
        public struct Position { public int Offset; public int Line; }
        public sealed class Cursor { public int Offset; }

        public sealed record LexerOptions
        {
            public Position Start { get; init; }
            public static readonly LexerOptions Default = new LexerOptions();
        }

        public sealed record ReaderOptions
        {
            public Cursor Start { get; init; } = new Cursor();
            public static readonly ReaderOptions {|KPL1001:Default|} = new ReaderOptions();
        }

        public sealed class Lexer
        {
            private Position _position;
            public Lexer(LexerOptions options = null) => _position = (options ?? LexerOptions.Default).Start;
            public void Advance(int length) { _position.Offset = length; _position.Line++; }
        }

        public sealed class Reader
        {
            private Cursor _cursor;
            public Reader(ReaderOptions options = null) => _cursor = (options ?? ReaderOptions.Default).Start;
            public void Advance(int length) => _cursor.Offset = length;
        }

        public static class Api
        {
            public static void Lex(string text, LexerOptions options = null) => new Lexer(options).Advance(text.Length);
            public static void Read(string text, ReaderOptions options = null) => new Reader(options).Advance(text.Length);
        }
        """).RunAsync();

    [Fact]
    public Task A_default_instance_guarded_only_on_the_value_or_frozen_later_is_still_changed_by_modules() => Shared("""
        using System;

        public sealed class ParserOptions
        {
            private int _depth = 10;
            public static readonly ParserOptions {|KPL1001:Default|} = new ParserOptions();

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static int DefaultDepth => Default.Depth;

            public int Depth
            {
                get => _depth;
                set
                {
                    if (value < 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(value));
                    }

                    _depth = value;
                }
            }
        }

        public sealed class SerializerOptions
        {
            private bool _indent;
            public static readonly SerializerOptions {|KPL1001:Shared|} = new SerializerOptions();

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static bool Indents => Shared.Indent;

            public bool IsReadOnly { get; private set; }

            public bool Indent
            {
                get => _indent;
                set
                {
                    if (IsReadOnly)
                    {
                        throw new InvalidOperationException("frozen after first use");
                    }

                    _indent = value;
                }
            }

            public void MakeReadOnly() => IsReadOnly = true;
        }
        """).RunAsync();

    [Fact]
    public Task A_member_that_stores_a_parameter_is_reported_at_the_storage_with_the_member_named() => Shared("""
        using System;

        public static class Defaults
        {
            private static TimeSpan {|#0:_timeout|};
            private static Func<string>? {|#1:_factory|};

            public static void Configure(int seconds) => Apply(TimeSpan.FromSeconds(seconds));

            private static void Apply(TimeSpan timeout) => {|#2:_timeout = timeout|};

            public static Func<string>? Factory { get => _factory; set => {|#3:_factory = value|}; }

            public static TimeSpan Timeout => _timeout;
        }
        """).Expect(
            AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1001").WithLocation(0).WithLocation(2)
                .WithArguments("Static field", "Defaults._timeout", "is set by modules through 'Defaults.Configure'", "", "pass the value with each call, or keep one value per load context"),
            AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1001").WithLocation(1).WithLocation(3)
                .WithArguments("Static field", "Defaults._factory", "is set by modules through 'Defaults.Factory (set)'", ", and the module whose value it holds cannot unload", "pass the value with each call, or keep one value per load context"))
        .RunAsync();

    [Fact]
    public Task A_value_chosen_by_a_condition_on_a_parameter_is_chosen_by_the_module() => Shared("""
        using System;

        [Flags] public enum Behavior { None = 0, SingleResult = 1 }

        public static class Options
        {
            internal static Behavior {|KPL1001:Allowed|} { get; private set; }

            public static bool SingleResult
            {
                set
                {
                    if (value) Allowed |= Behavior.SingleResult;
                    else Allowed &= ~Behavior.SingleResult;
                }
            }
        }
        """).RunAsync();

    /// <summary>
    /// A static field nothing of the library reads after initialisation is no setting, whatever it holds: a module that
    /// reconfigures the object there changes nothing the library does (Minio's named values with a setter for
    /// XmlSerializer, InfluxDB.Client's retired <c>ApiClient.Default</c>: noise on held-out set 12), as a module assigning
    /// such a field itself changes nothing. The same object read by the library is a setting; a property stays one.
    /// </summary>
    [Fact]
    public Task A_static_nothing_reads_is_no_setting_whatever_it_holds() => Shared("""
        public sealed class CsvQuoteFields
        {
            public CsvQuoteFields(string value) => QuoteFields = value;
            public string QuoteFields { get; set; }
        }

        public static class Quoting
        {
            public static readonly CsvQuoteFields Always = new CsvQuoteFields("Always");
            public static readonly CsvQuoteFields AsNeeded = new CsvQuoteFields("AsNeeded");
        }

        public static class Dialects
        {
            public static readonly CsvQuoteFields {|KPL1001:Default|} = new CsvQuoteFields("Always");
            public static CsvQuoteFields {|KPL1001:Fallback|} { get; } = new CsvQuoteFields("AsNeeded");

            internal static string Quote(string text) => Default.QuoteFields == "Always" ? "\"" + text + "\"" : text;
        }
        """).RunAsync();

    [Fact]
    public Task The_state_of_an_object_a_static_holds_is_set_through_its_members() => Shared("""
        public sealed class Formatter
        {
            public string NumberFormat { get; set; } = "G";
            public int Precision { get; init; }
        }

        public sealed class Model
        {
            private int _bufferSize = 1024;
            public int BufferSize { get => _bufferSize; set => _bufferSize = value; }
        }

        public static class Defaults
        {
            public static Formatter {|KPL1001:Format|} { get; } = new Formatter();
            private static readonly Model {|KPL1001:s_model|} = new Model();

            public static Model Model => s_model;

            public static int BufferSize { set => s_model.BufferSize = value; }
        }
        """).RunAsync();

    /// <summary>
    /// A read-only static holding an object with no instance field has no state to change, whatever write the flow's
    /// may-alias sees reach it (Jurassic's <c>Undefined.Value</c>: measured wrong on the released package); a
    /// stateful object reached the same way is still reported.
    /// </summary>
    [Fact]
    public Task Stateless_objects_in_read_only_statics_are_not_overwritten() => Shared("""
        public abstract class Value { }

        public class Undefined : Value
        {
            public override string ToString() => "undefined";
        }

        public sealed class Holder : Value
        {
            public object? Current;
        }

        public static class Values
        {
            public static readonly Value Nothing = new Undefined();
            public static readonly Value {|KPL1001:Shared|} = new Holder();

            private static bool Flag;

            private static Value Pick() => Flag ? Nothing : Shared;

            public static void Use(object current)
            {
                if (Pick() is Holder holder)
                {
                    holder.Current = current;
                }
            }
        }
        """).RunAsync();

    [Theory]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Shared_and_base_code_are_judged(string role) => AnalyzerSpec<SharedStaticStateAnalyzer>.For("""
        public static class Registry
        {
            private static object? {|KPL1001:_current|};
            public static void Use(object current) => _current = current;
        }
        """).InRole(role).RunAsync();

    [Fact]
    public Task Module_code_is_not_judged() => AnalyzerSpec<SharedStaticStateAnalyzer>.For("""
        public static class Registry
        {
            public static int Count;
            private static object? _current;
            public static void Use(object current) => _current = current;
        }
        """).InRole("Module").RunAsync();

    [Fact]
    public Task Values_no_module_chose_are_not_reported() => Shared("""
        using System;
        using System.Collections.Generic;
        using System.Reflection;
        using System.Threading;

        public static class Facts
        {
            private static IComparer<string>? _comparer;
            private static bool? _dynamicCodeSupported;
            private static MethodInfo? _concat;
            private static int _next;
            private static string? _name;
            internal static object None = new object();
            private static Lazy<string> _lazy = new Lazy<string>(() => "x");
            private static object? _default;

            public static IComparer<string> Comparer => _comparer ??= StringComparer.Ordinal;

            public static bool DynamicCode => _dynamicCodeSupported ??= RuntimeFeatureCheck();

            public static MethodInfo Concat => _concat ??= typeof(string).GetMethod("Concat", new[] { typeof(string), typeof(string) })!;

            public static int Next() => Interlocked.Increment(ref _next);

            public static string Name(bool upper)
            {
                if (_name == null && upper)
                {
                    _name = "NAME";
                }

                return _name ?? "name";
            }

            public static object Default(Type ignored)
            {
                if (_default is null)
                {
                    _default = new object();
                }

                return _default;
            }

            public static string Lazy => _lazy.Value;

            // Which lazy field a caller's value picks is not what goes into it (FastExpressionCompiler's decimal
            // constants: measured wrong on the released package, held-out set 4).
            private static FieldInfo? _zero;
            private static FieldInfo? _one;

            public static FieldInfo? DecimalField(decimal value)
                => value == 0m ? (_zero ?? (_zero = typeof(decimal).GetField("Zero"))) : (_one ?? (_one = typeof(decimal).GetField("One")));

            private static bool RuntimeFeatureCheck() => true;
        }
        """).RunAsync();

    [Fact]
    public Task Flow_local_and_weak_storage_is_not_reported() => Shared("""
        using System;
        using System.Runtime.CompilerServices;
        using System.Threading;

        public static class Context
        {
            [ThreadStatic] private static object? _perThread;
            private static readonly AsyncLocal<object?> PerFlow = new AsyncLocal<object?>();
            private static readonly ThreadLocal<object?> PerThread = new ThreadLocal<object?>();
            private static readonly ConditionalWeakTable<object, object> Attached = new ConditionalWeakTable<object, object>();

            public static void Set(object value)
            {
                _perThread = value;
                PerFlow.Value = value;
                PerThread.Value = value;
                Attached.AddOrUpdate(value, value);
            }
        }
        """).RunAsync();

    [Fact]
    public Task A_new_object_built_by_a_public_constructor_is_not_the_static_one() => Shared("""
        public sealed class Level
        {
            public static readonly Level Off = new Level("OFF", 0);
            public static readonly Level Info = new Level("INFO", 1);

            private readonly string _name;
            private int _value;

            public Level(string name, int value)
            {
                _name = name;
                _value = value;
            }

            public override string ToString() => _name + _value;
        }
        """).RunAsync();

    /// <summary>
    /// A set of named constants written as objects (AWSSDK.Core's action identifiers: measured wrong on the released
    /// package) is not reported through its object's setters; two values built from something else than constants are no
    /// set, a default built without literals is a settings instance, and what the library adds to a named value is still a
    /// fill (KPL1002).
    /// </summary>
    [Fact]
    public Task Named_constants_are_not_reported_but_defaults_pairs_and_fills_are() => Shared("""
        using System.Collections.Generic;

        public class ActionIdentifier
        {
            public ActionIdentifier(string actionName) => ActionName = actionName;
            public string ActionName { get; set; }
        }

        public static class S3Actions
        {
            public static readonly ActionIdentifier GetObject = new ActionIdentifier("s3:GetObject");
            public static readonly ActionIdentifier PutObject = new ActionIdentifier("s3:PutObject");
            public static readonly ActionIdentifier DeleteObject = new("s3:DeleteObject");
        }

        public static class Pair
        {
            private static readonly string Prefix = System.Environment.MachineName;
            public static readonly ActionIdentifier {|KPL1001:Read|} = new ActionIdentifier(Prefix + "read");
            public static readonly ActionIdentifier {|KPL1001:Write|} = new ActionIdentifier(Prefix + "write");

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static string Both => Read.ActionName + Write.ActionName;
        }

        public sealed class Options
        {
            public int Retries { get; set; }
        }

        public static class Defaults
        {
            public static readonly Options {|KPL1001:Client|} = new Options();
            public static readonly Options {|KPL1001:Server|} = new Options();
            public static readonly Options {|KPL1001:Admin|} = new Options();

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static int Total => Client.Retries + Server.Retries + Admin.Retries;
        }

        public sealed class Registry
        {
            public Registry(string name) => Name = name;
            public string Name { get; }
            private readonly List<object> _handlers = new List<object>();
            public void Register(object handler) => _handlers.Add(handler);
        }

        public static class Registries
        {
            public static readonly Registry {|KPL1002:Json|} = new Registry("json");
            public static readonly Registry {|KPL1002:Xml|} = new Registry("xml");
            public static readonly Registry {|KPL1002:Csv|} = new Registry("csv");

            public static void AddJson(object handler) => Json.Register(handler);
        }
        """).RunAsync();

    /// <summary>
    /// A set of named values that only lacks <c>readonly</c> (PdfSharp's event IDs, NetTopologySuite's <c>Position</c>
    /// values: measured wrong on the released packages) is no setting either, unless the library assigns one later.
    /// </summary>
    [Fact]
    public Task Named_constants_without_readonly_are_a_set_unless_the_library_assigns_them() => Shared("""
        public readonly struct EventId
        {
            public EventId(int id, string name) { Id = id; Name = name; }
            public int Id { get; }
            public string Name { get; }
        }

        public static class Events
        {
            public static EventId Created = new EventId(50001, "Created");
            public static EventId Saved = new EventId(50002, "Saved");
            public static EventId Parallel = new EventId(-1, "Parallel");

            internal static int[] All() => new[] { Created.Id, Saved.Id, Parallel.Id };
        }

        public static class Levels
        {
            public static EventId {|KPL1001:Low|} = new EventId(1, "low");
            public static EventId {|KPL1001:Mid|} = new EventId(2, "mid");
            public static EventId {|KPL1001:High|} = new EventId(3, "high");

            internal static int Sum() => Low.Id + Mid.Id + High.Id;

            internal static void Raise(int id) => High = new EventId(id, "high");
        }
        """).RunAsync();

    /// <summary>
    /// The same set written with object initializers of constants and static members (Mapster's five
    /// NameMatchingStrategy values: measured wrong on the released package); an initializer that computes a value, or an
    /// empty one, is a settings instance and still reported.
    /// </summary>
    [Fact]
    public Task Named_constants_built_with_object_initializers_are_a_set_too() => Shared("""
        using System;

        public static class Converters
        {
            public static string Identity(string name) => name;
            public static string Pascal(string name) => name.ToUpperInvariant();
            public static string Camel(string name) => name.ToLowerInvariant();
        }

        public class Strategy
        {
            public Func<string, string>? Source { get; set; }
            public Func<string, string>? Destination { get; set; }
            public int Weight { get; set; }

            public static readonly Strategy Exact = new Strategy { Source = Converters.Identity, Destination = Converters.Identity };
            public static readonly Strategy Flexible = new Strategy { Source = Converters.Pascal, Destination = Converters.Pascal, Weight = 1 };
            public static readonly Strategy IgnoreCase = new Strategy { Source = Converters.Camel, Destination = Converters.Camel, Weight = -1 };
        }

        public static class Presets
        {
            public static readonly Strategy {|KPL1001:Fast|} = new Strategy { Weight = Environment.ProcessorCount };
            public static readonly Strategy {|KPL1001:Slow|} = new Strategy { Weight = Environment.ProcessorCount * 2 };
            public static readonly Strategy {|KPL1001:Plain|} = new Strategy { };

            // Read by the library: a static nothing reads is no setting (A_static_nothing_reads_is_no_setting_whatever_it_holds).
            internal static int Total => Fast.Weight + Slow.Weight + Plain.Weight;
        }
        """).RunAsync();

    /// <summary>
    /// Presets built from other types' static data or by the type's own factory methods (ImageSharp's edge-detector
    /// kernels and error-dither matrices, measured wrong on the released package) are a set of named values too; a
    /// family whose factory is another type's, or whose factory is given a computed value, is still reported. Two presets
    /// are no set, but struct values without setters created from constants are constants alone (ImageSharp's two compass
    /// kernels, held-out set 6; <see cref="Struct_constants_are_no_settings_but_durations_numbers_and_variables_are"/>).
    /// </summary>
    [Fact]
    public Task Presets_from_static_data_or_own_factories_are_a_set() => Shared("""
        using System;

        public static class Matrices
        {
            public static readonly float[] Laplacian3 = { 1, 2 };
            public static readonly float[] Laplacian5 = { 3, 4 };
            public static readonly float[] Gaussian = { 5, 6 };
        }

        public readonly struct Kernel
        {
            public Kernel(float[] weights) => Weights = weights;
            public float[] Weights { get; }

            public static Kernel Laplacian3x3 = new Kernel(Matrices.Laplacian3);
            public static Kernel Laplacian5x5 = new Kernel(Matrices.Laplacian5);
            public static Kernel LaplacianOfGaussian = new Kernel(Matrices.Gaussian);

            internal float First() => Laplacian3x3.Weights[0] + Laplacian5x5.Weights[0] + LaplacianOfGaussian.Weights[0];
        }

        public readonly struct Dither
        {
            private Dither(float offset) => Offset = offset;
            public float Offset { get; }

            public static Dither Atkinson = CreateAtkinson();
            public static Dither Burkes = CreateBurkes();
            public static Dither Stucki = CreateStucki();

            private static Dither CreateAtkinson() => new Dither(1);
            private static Dither CreateBurkes() => new Dither(2);
            private static Dither CreateStucki() => new Dither(3);

            internal static Dither Make(float offset) => new Dither(offset);
            internal static float Sum() => Atkinson.Offset + Burkes.Offset + Stucki.Offset;
        }

        public static class Tuning
        {
            public static Dither {|KPL1001:Coarse|} = Dither.Make(1);
            public static Dither {|KPL1001:Fine|} = Dither.Make(2);
            public static Dither {|KPL1001:Finest|} = Dither.Make(3);

            public static Dither {|KPL1001:Machine|} = Scaled(Environment.ProcessorCount + 1);
            public static Dither {|KPL1001:Twice|} = Scaled(Environment.ProcessorCount + 2);
            public static Dither {|KPL1001:Thrice|} = Scaled(Environment.ProcessorCount + 3);

            private static Dither Scaled(float offset) => Dither.Make(offset);
            internal static float Sum() => Coarse.Offset + Fine.Offset + Finest.Offset + Machine.Offset + Twice.Offset + Thrice.Offset;
        }

        public readonly struct Edge
        {
            public Edge(float[] weights) => Weights = weights;
            public float[] Weights { get; }

            public static Edge Kirsch = new Edge(Matrices.Laplacian3);
            public static Edge Robinson = new Edge(Matrices.Laplacian5);

            internal float First() => Kirsch.Weights[0] + Robinson.Weights[0];
        }
        """).RunAsync();

    /// <summary>
    /// A family of objects each built by their class's own static factory from a literal (JmesPath.Net's
    /// <c>JTokens.Null/True/False = JToken.Parse("…")</c>, non-readonly: measured noise, held-out set 14) is a set of named
    /// values as <c>new T(literal)</c> is; a family built by another class's factory, or from a computed value, is still reported.
    /// </summary>
    [Fact]
    public Task Objects_from_their_own_class_factory_given_literals_are_a_set() => Shared("""
        using System;

        public class Token
        {
            public object? Value { get; set; }
            public static Token Parse(string text) => new Token { Value = text };
        }

        public static class Tokens
        {
            public static Token Null = Token.Parse("null");
            public static Token True = Token.Parse("true");
            public static Token False = Token.Parse("false");

            internal static bool IsNull(Token t) => t == Null || t == True || t == False;
        }

        public static class Factory
        {
            public static Token Make(string text) => Token.Parse(text);
        }

        public static class Defaults
        {
            public static Token {|KPL1001:First|} = Factory.Make("a");
            public static Token {|KPL1001:Second|} = Factory.Make("b");
            public static Token {|KPL1001:Third|} = Factory.Make("c");
            public static Token {|KPL1001:Machine|} = Token.Parse(Environment.MachineName);

            internal static object? All() => (First.Value, Second.Value, Third.Value, Machine.Value);
        }
        """).RunAsync();

    /// <summary>
    /// Three or more string codes lacking only <c>readonly</c> that the library never assigns and reads only to compare
    /// what it receives (FluentStorage's connection-string prefixes: measured noise, held-out set 22) are named constants;
    /// a text the library formats with is a setting, and without it two codes are no family.
    /// </summary>
    [Fact]
    public Task String_codes_only_compared_are_a_set_but_texts_the_library_uses_are_settings() => Shared("""
        public static class Prefix
        {
            public static string Aws = "aws.s3";
            public static string Minio = "minio.s3";
            public static readonly string Wasabi = "wasabi";
            public const string Local = "disk";

            internal static bool IsS3(string prefix) => prefix == Aws || prefix.StartsWith(Minio) || string.Equals(Wasabi, prefix);
        }

        public static class Formats
        {
            public static string {|KPL1001:Date|} = "yyyy-MM-dd";
            public static string {|KPL1001:Yes|} = "yes";
            public static string {|KPL1001:No|} = "no";

            internal static string Show(System.DateTime when, bool flag) => when.ToString(Date) + (flag == (Yes == "yes") ? "" : No.Length.ToString());
        }
        """).RunAsync();

    /// <summary>
    /// An empty array has no element to store into (measured wrong on a released package: MassTransit's
    /// EmptyArray&lt;T&gt;.Value), whatever store the flow sees reach it; an array with room, and an empty collection made
    /// by <c>[]</c> (Dapper's Hashtable caches: the benchmark caught the first version of this exemption taking them), are
    /// still filled.
    /// </summary>
    [Fact]
    public Task Empty_arrays_are_not_filled_by_modules() => Shared("""
        public static class Buffers
        {
            private static readonly object[] s_none = new object[0];
            private static readonly object[] s_empty = System.Array.Empty<object>();
            private static readonly object[] s_literal = new object[] { };
            private static readonly object[] {|KPL1002:s_slots|} = new object[4];
            private static readonly System.Collections.Hashtable {|KPL1002:s_cache|} = [];
            private static readonly System.Collections.Generic.List<object> {|KPL1002:s_list|} = new System.Collections.Generic.List<object>(0);

            public static void Put(object value)
            {
                s_cache[value] = value;
                s_list.Add(value);
                s_none[0] = value;
                s_empty[0] = value;
                s_literal[0] = value;
                s_slots[0] = value;
            }
        }
        """).RunAsync();

    /// <summary>
    /// A boxed constant cannot be filled (measured wrong on a released package: Microsoft.Data.SqlClient's
    /// <c>SqlBuffer.s_cachedFalseObject</c>), whatever store the flow sees reach it; an object field made with a collection still is.
    /// </summary>
    [Fact]
    public Task Boxed_constants_are_not_filled_by_modules() => Shared("""
        public static class Boxes
        {
            private static readonly object s_false = false;
            private static readonly object s_minusOne = -1;
            private static readonly object {|KPL1002:s_items|} = new System.Collections.ArrayList();

            public static void Put(object value)
            {
                ((System.Collections.IList)s_false).Add(value);
                ((System.Collections.IList)s_minusOne).Add(value);
                ((System.Collections.IList)s_items).Add(value);
            }
        }
        """).RunAsync();

    [Fact]
    public Task Sentinels_and_copies_of_structs_are_not_changed_by_modules_but_other_named_values_are() => Shared("""
        using System.Collections.Generic;

        public sealed class Items
        {
            public static readonly Items Empty = new Items();
            public static readonly Items Undefined = new Items(); // Jint's PropertyDescriptor.Undefined: measured wrong
            public static readonly Items NotSet = new Items(); // Svg's SvgPaintServer.NotSet and Inherit: labelled noise (set 18)
            public static readonly Items Inherit = new Items();
            public static readonly Items {|#0:Recent|} = new Items();
            private readonly List<object> _items = new List<object>();
            public void Add(object item) => {|#1:_items.Add(item)|};
        }

        public struct Mark { public int Line; }

        public static class Parser
        {
            private static readonly Mark Start = new Mark();

            public static Items Collect(object first, bool none)
            {
                var items = none ? Items.Empty : first is null ? Items.Undefined : new Items();
                if (!none) items.Add(first);
                var style = first is string ? Items.NotSet : first is int ? Items.Inherit : new Items();
                style.Add(first);
                var recent = first is long ? Items.Recent : new Items();
                recent.Add(first);
                var mark = Start;
                mark.Line = first.GetHashCode();
                return items;
            }
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1)
            .WithArguments("Static field", "Items.Recent", "'Items.Add' (and 1 other member)", "object", "remove a module's entries when it unloads (AssemblyLoadContext.Unloading), keep the storage per load context, or key it weakly (ConditionalWeakTable)"))
        .RunAsync();

    [Fact]
    public Task A_write_to_another_assemblys_static_field_is_reported_at_the_write() => AnalyzerSpec<SharedStaticStateAnalyzer>.For("""
        public static class Bridge
        {
            public static void Configure(string name) => {|KPL1001:Library.Settings.Name = name|};
        }
        """).WithReferencedLibrary("""
        namespace Library
        {
            public static class Settings
            {
                public static string Name = "default";
            }
        }
        """).InRole("Shared").RunAsync();

    /// <summary>
    /// One value named for what it is and built from constants (Lucene.Net's <c>Sort.INDEXORDER</c>, Telegram.Bot's
    /// <c>LinkPreviewOptions.Disabled</c>: measured noise on the released packages, docs/packages.md stop 49) is a preset of
    /// the library: changing it through its own setters or methods is not reported. Still reported: a default or settings
    /// instance (by its name, or named as its type), one made without arguments, a collection, and a preset the library
    /// itself fills from a member a module calls.
    /// </summary>
    [Fact]
    public Task A_preset_built_from_constants_is_not_changed_through_itself() => Shared("""
        using System;
        using System.Collections.Generic;

        public enum Kind { Score, Doc }

        public class SortField
        {
            public SortField(string field, Kind kind) { Field = field; Kind = kind; }
            public string Field { get; set; }
            public Kind Kind { get; set; }
            private object _comparer;
            public void SetComparer(object comparer) => _comparer = comparer;
            internal object Comparer => _comparer;
        }

        public sealed class LinkPreviewOptions
        {
            public bool IsDisabled { get; set; }
            public string Url { get; set; } = "";
        }

        public sealed class Theme
        {
            public string Name { get; set; } = "";
        }

        public sealed class Handlers
        {
            public Handlers(string name) => Name = name;
            public string Name { get; }
            private readonly List<object> _all = new List<object>();
            public void AddHandler(object handler) => _all.Add(handler);
            internal int Count => _all.Count;
        }

        public static class Presets
        {
            public static readonly SortField FieldScore = new SortField(null, Kind.Score);
            public static LinkPreviewOptions Disabled { get; } = new LinkPreviewOptions { IsDisabled = true };

            // Named as a default, named as its own type, made without arguments or from the process: callers configure it.
            public static readonly LinkPreviewOptions {|KPL1001:DefaultPreview|} = new LinkPreviewOptions { IsDisabled = false };
            public static readonly LinkPreviewOptions {|KPL1001:LinkPreviewOptions|} = new LinkPreviewOptions { Url = "about:blank" };
            public static readonly LinkPreviewOptions {|KPL1001:Plain|} = new LinkPreviewOptions();
            public static readonly Theme {|KPL1001:Local|} = new Theme { Name = Environment.MachineName };

            // The library stores what a module gives it into its own preset: a fill by the library's use.
            public static readonly SortField {|KPL1002:FieldDoc|} = new SortField(null, Kind.Doc);
            public static void UseComparer(object comparer) => FieldDoc.SetComparer(comparer);

            // A member that adds uses the named value as a registry.
            public static readonly Handlers {|KPL1002:Json|} = new Handlers("json");

            // A collection given a constant is still made to be filled.
            public static readonly List<object> {|KPL1002:All|} = new List<object>(4);
            public static void Register(object handler) => All.Add(handler);

            internal static int Read() => (FieldScore.Comparer is null ? 0 : 1) + (FieldDoc.Comparer is null ? 0 : 1) + Json.Count
                + (Disabled.IsDisabled ? 1 : 0) + DefaultPreview.Url.Length + LinkPreviewOptions.Url.Length + Plain.Url.Length + Local.Name.Length;
        }
        """).RunAsync();
}
