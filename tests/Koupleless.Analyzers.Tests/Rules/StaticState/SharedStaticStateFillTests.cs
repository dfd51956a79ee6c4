using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.StaticState;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.StaticState;

/// <summary>
/// KPL1002: static storage of Shared/Base code that keeps what modules put in it — the shapes measured to pin a
/// module (SharedStorageRetentionRuntimeTests): a Type-keyed cache, the same behind a wrapper, a default resolver's
/// instance cache, a member-keyed cache of a generic class, and registries, events and copy-on-write tables.
/// </summary>
public sealed class SharedStaticStateFillTests
{
    private static AnalyzerSpec<SharedStaticStateAnalyzer> Shared(string source) => AnalyzerSpec<SharedStaticStateAnalyzer>.For(source).InRole("Shared");

    [Fact]
    public Task A_type_keyed_cache_filled_from_a_parameter_or_a_type_argument() => Shared("""
        using System;
        using System.Collections.Concurrent;

        public static class Describer
        {
            private static readonly ConcurrentDictionary<Type, string> {|#0:Names|} = new ConcurrentDictionary<Type, string>();

            public static string Describe(object value) => Name(value.GetType());

            public static string Describe<T>() => Name(typeof(T));

            private static string Name(Type type) => {|#1:Names.GetOrAdd(type, t => t.FullName!)|};
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1)
            .WithArguments("Static field", "Describer.Names", "'Describer.Describe' (and 1 other member)", "type",
                "remove a module's entries when it unloads (AssemblyLoadContext.Unloading), keep the storage per load context, or key it weakly (ConditionalWeakTable)"))
        .RunAsync();

    [Fact]
    public Task A_cache_behind_the_librarys_own_wrapper_and_a_default_resolver() => Shared("""
        using System;
        using System.Collections.Generic;
        using System.Reflection;

        public sealed class TypeStore
        {
            private readonly Dictionary<Type, string> _names = new Dictionary<Type, string>();

            public string Get(Type type)
            {
                if (!_names.TryGetValue(type, out var name))
                {
                    _names[type] = name = type.Name;
                }

                return name;
            }
        }

        public interface IResolver
        {
            PropertyInfo[] Resolve(Type type);
        }

        public sealed class DefaultResolver : IResolver
        {
            internal static readonly IResolver {|KPL1002:Instance|} = new DefaultResolver();
            private readonly Dictionary<Type, PropertyInfo[]> _contracts = new Dictionary<Type, PropertyInfo[]>();

            public PropertyInfo[] Resolve(Type type) => _contracts.TryGetValue(type, out var c) ? c : _contracts[type] = type.GetProperties();
        }

        public sealed class Serializer
        {
            private static readonly TypeStore {|KPL1002:Store|} = new TypeStore();
            private readonly IResolver _resolver;

            public Serializer(IResolver? resolver = null) => _resolver = resolver ?? DefaultResolver.Instance;

            public string Name(object value) => Store.Get(value.GetType());

            public int Count(object value) => _resolver.Resolve(value.GetType()).Length;
        }
        """).RunAsync();

    /// <summary>
    /// A visible static hands its object out as the type it declares: a module calls on it only what that type has.
    /// SmtpServer's <c>ServiceProvider.Default</c> is an <c>IServiceProvider</c>, so its <c>Add</c> methods are reached
    /// only by a downcast (labelled noise on held-out set 19). The same object declared as its own type, a fill through
    /// a member of the declared interface, and the library's own downcast are still reported.
    /// </summary>
    [Fact]
    public Task A_default_declared_as_an_interface_is_filled_only_through_the_interface() => Shared("""
        using System;
        using System.Collections.Generic;

        public interface IProvider
        {
            object? Get(Type type);
        }

        public sealed class Provider : IProvider
        {
            public static readonly IProvider Default = new Provider();
            public static readonly Provider {|KPL1002:Shared|} = new Provider();
            private readonly Dictionary<Type, object> _services = new Dictionary<Type, object>();

            public void Add(Type type, object service) => _services[type] = service;

            public object? Get(Type type) => _services.TryGetValue(type, out var service) ? service : null;
        }

        public sealed class Catalog : IProvider
        {
            public static readonly IProvider {|KPL1002:Default|} = new Catalog();
            private readonly Dictionary<Type, object> _entries = new Dictionary<Type, object>();

            // The library's own downcast: a path the flow follows like any other.
            public static void Register(Type type, object entry) => ((Catalog)Default).Add(type, entry);

            private void Add(Type type, object entry) => _entries[type] = entry;

            public object? Get(Type type) => _entries.TryGetValue(type, out var entry) ? entry : null;
        }

        public interface IRegistry
        {
            void Register(object handler);
        }

        public sealed class Registry : IRegistry
        {
            public static readonly IRegistry {|KPL1002:Default|} = new Registry();
            private readonly List<object> _handlers = new List<object>();

            public void Register(object handler) => _handlers.Add(handler);
        }
        """).RunAsync();

    [Fact]
    public Task Generic_statics_that_depend_only_on_their_type_argument_are_per_instantiation() => Shared("""
        using System;
        using System.Collections.Concurrent;
        using System.Reflection;

        public static class Contract<T>
        {
            private static string? _name;
            private static readonly ConcurrentDictionary<Type, string> Parts = new ConcurrentDictionary<Type, string>();
            private static readonly ConcurrentDictionary<MemberInfo, string> {|KPL1002:Members|} = new ConcurrentDictionary<MemberInfo, string>();

            public static string Name => _name ??= typeof(T).Name;

            public static string Part() => Parts.GetOrAdd(typeof(T), t => t.Name);

            public static string Member(MemberInfo member) => Members.GetOrAdd(member, m => m.Name);
        }
        """).RunAsync();

    /// <summary>
    /// An <c>out</c> parameter holds what the method gives it, not what its caller had there: a Try-parse cache of values the
    /// library builds from text (NuGet.Versioning's <c>ParsedNuGetVersionsMapping</c> and <c>ParsedVersionRangeMapping</c>:
    /// measured noise, held-out set 8) keeps nothing of a module's; one given the caller's object still does.
    /// </summary>
    [Fact]
    public Task Out_parameters_hold_what_the_method_gives_them() => Shared("""
        using System.Collections.Generic;

        public class SemVersion
        {
            public SemVersion(int major, string label) { Major = major; Label = label; }
            public int Major { get; }
            public string Label { get; }
        }

        public static class Versions
        {
            private static readonly Dictionary<string, SemVersion> Parsed = new Dictionary<string, SemVersion>();
            private static readonly Dictionary<string, object> {|KPL1002:Kept|} = new Dictionary<string, object>();

            public static bool TryParse(string text, out SemVersion? version)
            {
                if (Parsed.TryGetValue(text, out version))
                {
                    return true;
                }

                version = new SemVersion(text.Length, text.Trim());
                Parsed[text] = version;
                return true;
            }

            public static bool TryKeep(string key, object value, out object kept)
            {
                kept = value;
                Kept[key] = kept;
                return true;
            }
        }
        """).RunAsync();

    [Fact]
    public Task Registries_events_and_copy_on_write_tables() => Shared("""
        using System;
        using System.Collections.Generic;
        using System.Reflection;
        using System.Threading;

        public interface IHandler { }

        public static class Registry
        {
            private static readonly List<IHandler> {|KPL1002:Handlers|} = new List<IHandler>();
            private static Dictionary<Type, IHandler> {|KPL1002:_byType|} = new Dictionary<Type, IHandler>();
            private static ICollection<Assembly> {|KPL1002:_hidden|} = new List<Assembly>();
            public static event EventHandler? {|KPL1002:Changed|};

            public static void Add(IHandler handler) => Handlers.Add(handler);

            public static void Map(Type type, IHandler handler)
            {
                var copy = new Dictionary<Type, IHandler>(_byType);
                copy[type] = handler;
                Interlocked.Exchange(ref _byType, copy);
            }

            public static void Hide(Assembly assembly)
            {
                if (_hidden.Contains(assembly)) return;
                _hidden = new HashSet<Assembly>(_hidden) { assembly };
            }

            internal static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
        }
        """).RunAsync();

    [Fact]
    public Task A_linked_list_head_passed_by_ref_and_a_delegate_kept_in_a_property() => Shared("""
        using System;
        using System.ComponentModel;

        public sealed class Link
        {
            private Link(Type key, Action value, Link? tail) { Key = key; Value = value; Tail = tail; }
            public Type Key { get; }
            public Action Value { get; }
            public Link? Tail { get; }

            public static void Add(ref Link? head, Type key, Action value) => head = new Link(key, value, head);
        }

        public static class Commands
        {
            private static Link? {|KPL1002:s_init|};

            public static void Setup(object command, Action init) => Link.Add(ref s_init, command.GetType(), init);
        }

        public class Builder
        {
            internal Action<object> Validator { get; set; } = Validation.Validate;

            public void AddOptions(object options) => Validator(options);
        }

        internal static class Validation
        {
            public static void Validate(object instance) => {|KPL3010:TypeDescriptor.GetProperties(instance)|}.ToString();
        }
        """).RunAsync();

    [Fact]
    public Task Values_that_keep_no_module_loaded_are_not_a_fill() => Shared("""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Text.RegularExpressions;

        public static class Caches
        {
            private static readonly ConcurrentDictionary<string, Regex> Patterns = new ConcurrentDictionary<string, Regex>();
            private static readonly Dictionary<int, string> Names = new Dictionary<int, string>();
            private static readonly HashSet<string> Seen = new HashSet<string>();

            public static Regex Pattern(string pattern) => Patterns.GetOrAdd(pattern, p => new Regex(p));

            public static void Name(int id, Type type)
            {
                Names[id] = type.FullName!;
                Seen.Add(type.Name);
            }
        }
        """).RunAsync();

    /// <summary>
    /// A default instance's call that fills shared state with the instance's own members and a number the module chose
    /// keeps nothing of the module (NetTopologySuite's <c>GeometryFactory.Default.WithSRID(srid)</c>, which caches a
    /// factory keyed by its own precision model and the SRID: measured wrong on the released package, held-out set 5); the
    /// same call handed the module's object still fills it.
    /// </summary>
    [Fact]
    public Task A_fill_made_only_of_the_defaults_own_members_and_numbers_keeps_no_module() => Shared("""
        using System.Collections.Concurrent;

        public class Model { }

        public sealed class Services
        {
            private readonly ConcurrentDictionary<(Model, int), Factory> _factories = new ConcurrentDictionary<(Model, int), Factory>();

            public Factory Create(Model model, int srid) => _factories.GetOrAdd((model, srid), key => new Factory(key.Item1, key.Item2, this));
        }

        public sealed class Factory
        {
            private readonly Model _model;
            private readonly int _srid;
            private readonly Services _services;

            public Factory(Model model, int srid, Services services)
            {
                _model = model;
                _srid = srid;
                _services = services;
            }

            public static readonly Factory Default = new Factory(new Model(), 0, new Services());

            public Factory WithSrid(int srid) => srid == _srid ? this : _services.Create(_model, srid);

            public Factory WithModel(Model model) => _services.Create(model, _srid);
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithSpan(25, 36, 25, 43).WithSpan(9, 53, 9, 135)
            .WithArguments("Static field", "Factory.Default", "'Factory.WithModel'", "object",
                "remove a module's entries when it unloads (AssemblyLoadContext.Unloading), keep the storage per load context, or key it weakly (ConditionalWeakTable)"))
        .RunAsync();

    /// <summary>
    /// A value factory is called, not kept: what the cache keeps is its result. A factory that captures the caller's
    /// strings and returns text (Jint's CLDR name caches, measured wrong on the released package) keeps nothing of a
    /// module's; one that returns a delegate over the caller's handler keeps the handler.
    /// </summary>
    [Fact]
    public Task A_value_factory_is_judged_by_what_it_returns() => Shared("""
        using System;
        using System.Collections.Concurrent;

        public sealed class Names
        {
            private static readonly ConcurrentDictionary<string, string[]> DayNames = new ConcurrentDictionary<string, string[]>();
            private static readonly ConcurrentDictionary<string, Func<string>> {|#0:Formatters|} = new ConcurrentDictionary<string, Func<string>>();

            public string[] Days(string locale, string style)
                => DayNames.GetOrAdd(locale + "_" + style, _ => new[] { locale + style, style });

            public Func<string> Formatter(string name, Func<string> format)
                => {|#1:Formatters.GetOrAdd(name, _ => () => format())|};
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1)
            .WithArguments("Static field", "Names.Formatters", "'Names.Formatter'", "handler",
                "remove a module's entries when it unloads (AssemblyLoadContext.Unloading), keep the storage per load context, or key it weakly (ConditionalWeakTable)"))
        .RunAsync();

    /// <summary>
    /// An object with nowhere to keep a reference cannot be filled, whatever store reaches it through a may-alias: a
    /// sealed value whose fields hold only numbers and enums (Jint's <c>JsValue.Undefined</c> and <c>JsNumber</c>
    /// constants, measured wrong on the released package), also an array of them; a writable static, or an object with a
    /// list, is still reported.
    /// </summary>
    [Fact]
    public Task Sealed_values_with_nowhere_to_keep_a_reference_are_not_a_fill() => Shared("""
        using System.Collections.Generic;

        public abstract class Value
        {
            internal int _kind;
        }

        public sealed class Undefined : Value { }

        public sealed class Number : Value
        {
            internal readonly double _value;
        }

        public class Bag : Value
        {
            private readonly List<object> _items = new List<object>();
            public void Add(object item) => {|#2:_items.Add(item)|};
        }

        public static class Values
        {
            public static readonly Value Nothing = new Undefined();
            public static readonly Number NaN = new Number();
            public static readonly Number[] Small = new Number[10];
            public static readonly Value {|#0:Shared|} = new Bag();
            internal static Value {|#1:Current|} = new Undefined();

            private static bool Flag;

            private static Value Pick() => Flag ? Nothing : Flag ? NaN : Flag ? Small[0] : Flag ? Current : Shared;

            public static void Keep(object item)
            {
                if (Pick() is Bag bag)
                {
                    bag.Add(item);
                }
            }
        }
        """).Expect(
            AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(2),
            AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(1).WithLocation(2))
        .RunAsync();

    /// <summary>
    /// A framework collection the library creates holds its elements and nothing else: a list of a sealed value holding only
    /// text cannot keep a module, however it grows (TagLibSharp's <c>SupportedMimeType.mimetypes</c>, each attribute adding
    /// itself: labelled noise on held-out set 15); a list of anything a module can hand in still is a fill.
    /// </summary>
    [Fact]
    public Task A_framework_collection_of_values_that_keep_nothing_is_not_a_fill() => Shared("""
        using System;
        using System.Collections.Generic;

        [AttributeUsage(AttributeTargets.Class)]
        public sealed class MimeTypeAttribute : Attribute
        {
            private static readonly List<MimeTypeAttribute> Known = new List<MimeTypeAttribute>();
            private static readonly Dictionary<string, MimeTypeAttribute> ByName = new Dictionary<string, MimeTypeAttribute>();
            private static readonly List<object> {|#0:Tags|} = new List<object>();
            private readonly string _mime;
            private readonly string _extension;

            public MimeTypeAttribute(string mime, string extension)
            {
                _mime = mime;
                _extension = extension;
                Known.Add(this);
                ByName[mime] = this;
            }

            public static void Tag(object tag) => {|#1:Tags.Add(tag)|};
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1))
        .RunAsync();

    /// <summary>
    /// A read-only static whose object comes out of sight (here an implicit conversion) holds one of its declared class's
    /// own types: the library's initializer runs before any module and cannot name a module's subclass. When that class and
    /// its subclasses hold only bytes, nothing a module adds can keep it (TagLibSharp's <c>ByteVector</c> constants,
    /// labelled noise on held-out set 15); when the class or a subclass can hold a module's object, the fill is reported.
    /// </summary>
    [Fact]
    public Task A_static_of_an_own_class_whose_subclasses_hold_only_values_is_not_a_fill() => Shared("""
        using System.Collections.Generic;

        public class Bytes
        {
            private readonly List<byte> _data = new List<byte>();
            public Bytes(byte[] data) => _data.AddRange(data);
            public static implicit operator Bytes(byte[] data) => new ReadOnlyBytes(data);
            public void Add(Bytes other) => _data.AddRange(other._data);
        }

        public sealed class ReadOnlyBytes : Bytes
        {
            public ReadOnlyBytes(byte[] data) : base(data) { }
        }

        public class Bag
        {
            private readonly List<object> _items = new List<object>();
            public void Put(object item) => {|#1:_items.Add(item)|};
            public static Bag Create() => new Bag();
        }

        public sealed class CountingBag : Bag
        {
            private int _count;
            public void Count() => _count++;
        }

        public static class Codes
        {
            public static readonly Bytes Ascii = new byte[] { 65, 83, 67 };
            public static readonly Bag {|#0:Tags|} = Bag.Create();
            public static void Append(Bytes more) => Ascii.Add(more);
            public static void Keep(object item) => Tags.Put(item);
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1))
        .RunAsync();

    /// <summary>
    /// When the initializer's value comes from a conversion or factory of the library whose every return is a <c>new</c>,
    /// those are the types held, whatever the subclasses of the declared type (TagLibSharp: the conversion from
    /// <c>byte[]</c> creates a plain <c>ByteVector</c>, while its subclass <c>SimpleTag</c> has fields that could keep a
    /// module's object; the five byte constants were labelled noise on held-out set 15). A factory that may return
    /// something else leaves the static judged by its declared type.
    /// </summary>
    [Fact]
    public Task A_static_given_its_object_by_a_conversion_that_creates_it_holds_that_type() => Shared("""
        using System.Collections;
        using System.Collections.Generic;

        public class ByteVector : IList<byte>
        {
            private static readonly ReadOnlyByteVector td1 = new ReadOnlyByteVector(1);
            private static bool use_broken_latin1;
            private readonly List<byte> data = new List<byte>();
            public ByteVector() { }
            public ByteVector(params byte[] data) { this.data.AddRange(data); }
            public void Add(ByteVector data) { if (data != null) {|#1:this.data.AddRange(data)|}; }
            public void Add(byte[] data) { if (data != null) this.data.AddRange(data); }
            public static implicit operator ByteVector(byte[] value) => new ByteVector(value);
            public virtual bool IsReadOnly => false;
            public byte this[int index] { get => data[index]; set => data[index] = value; }
            public int Count => data.Count;
            public void Add(byte item) => data.Add(item);
            public void Clear() => data.Clear();
            public bool Contains(byte item) => data.Contains(item);
            public void CopyTo(byte[] array, int arrayIndex) => data.CopyTo(array, arrayIndex);
            public int IndexOf(byte item) => data.IndexOf(item);
            public void Insert(int index, byte item) => data.Insert(index, item);
            public bool Remove(byte item) => data.Remove(item);
            public void RemoveAt(int index) => data.RemoveAt(index);
            public IEnumerator<byte> GetEnumerator() => data.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => data.GetEnumerator();
        }

        public sealed class ReadOnlyByteVector : ByteVector
        {
            public override bool IsReadOnly => true;
            public ReadOnlyByteVector(int size) { }
        }

        public class SimpleTag : ByteVector
        {
            public object Language;
            public static ByteVector Either(bool tag) => tag ? new SimpleTag() : new ByteVector();
        }

        public class UserCommentIFDEntry
        {
            public static readonly ByteVector COMMENT_ASCII_CODE = new byte[8] { 65, 83, 67, 73, 73, 0, 0, 0 };
            public static readonly ByteVector {|#0:Tagged|} = SimpleTag.Either(true);
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1))
        .RunAsync();

    /// <summary>
    /// A copy of a static collection (<c>ToList()</c>, <c>ToArray()</c>) is a new collection: what is added to the copy is not
    /// added to the static (Streamiz.Kafka.Net's retry-policy builders, labelled noise on held-out set 21). Adding to the
    /// static itself still is a fill.
    /// </summary>
    [Fact]
    public Task Adding_to_a_copy_of_a_static_collection_is_not_a_fill() => Shared("""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        public sealed class RetryPolicyBuilder
        {
            private static readonly List<Type> Defaults = new List<Type>();
            private static readonly List<Type> {|#0:Globals|} = new List<Type>();
            private readonly List<Type> _retriable = Defaults.ToList();
            private readonly Type[] _snapshot = Defaults.ToArray();

            public RetryPolicyBuilder Retriable<T>() where T : Exception
            {
                _retriable.Add(typeof(T));
                return this;
            }

            public static void RetriableEverywhere<T>() where T : Exception => {|#1:Globals.Add(typeof(T))|};
        }
        """).Expect(AnalyzerSpec<SharedStaticStateAnalyzer>.Diagnostic("KPL1002").WithLocation(0).WithLocation(1))
        .RunAsync();

    [Fact]
    public Task Object_pools_and_static_constructor_tables_are_not_reported() => Shared("""
        using System;
        using System.Collections.Generic;

        public sealed class BufferPool
        {
            private readonly Stack<object> _items = new Stack<object>();
            public void Return(object item) => _items.Push(item);
        }

        /// <summary>A pool by its shape, not its name (Markdig's ObjectCache&lt;T&gt;: measured wrong).</summary>
        public abstract class ObjectCache<T> where T : class
        {
            private readonly Stack<T> _free = new Stack<T>();
            public T Get() => _free.Count > 0 ? _free.Pop() : Create();
            public void Release(T item) { Reset(item); _free.Push(item); }
            protected abstract T Create();
            protected abstract void Reset(T item);
        }

        public sealed class Processor
        {
            public object? Document;
        }

        public sealed class ProcessorCache : ObjectCache<Processor>
        {
            protected override Processor Create() => new Processor();
            protected override void Reset(Processor item) => item.Document = null;
        }

        public static class Parsing
        {
            private static readonly ProcessorCache Cache = new ProcessorCache();

            public static Processor Rent() => Cache.Get();

            public static void Recycle(Processor processor) => Cache.Release(processor);
        }

        public static class Tables
        {
            public static readonly BufferPool Pool = new BufferPool();
            private static readonly Dictionary<Type, int> Sizes = new Dictionary<Type, int>();

            static Tables()
            {
                Sizes[typeof(int)] = 4;
                Sizes[typeof(long)] = 8;
            }

            public static int Size(Type type) => Sizes.TryGetValue(type, out var size) ? size : 0;
        }
        """).RunAsync();
}
