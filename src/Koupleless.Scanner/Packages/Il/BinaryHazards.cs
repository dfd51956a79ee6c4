using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Koupleless.Analyzers.Catalog;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>One way a use of a member is a hazard in a package's IL.</summary>
/// <param name="OnlyInStaticConstructor">Reported only when the use sits in a static constructor (timers and threads started at type load).</param>
/// <param name="SkipAfterStringLiteral">Not reported when a string literal was loaded just before (a constant name, not a module's).</param>
internal sealed record BinaryHazard(string RuleId, string Key, string Reason, string? Hint, bool OnlyInStaticConstructor = false, bool SkipAfterStringLiteral = false);

/// <summary>
/// The hazards the binary scan looks for, keyed by the documentation-comment IDs an IL target produces
/// (<see cref="CallTarget.Keys"/>): every line of the same hazard catalogs the analyzers read, plus IL-level
/// mirrors of the source rules that are code, not catalog lines (KPL2001/KPL2002 name-based loading, KPL3001-3003).
/// </summary>
internal sealed class BinaryHazards
{
    public const string MutableStaticField = "KPL1001";
    public const string NameBasedResolution = "KPL2001";
    public const string LoadOutsideModuleContext = "KPL2002";
    public const string UndisposedTimer = "KPL3001";
    public const string UnstoppedThread = "KPL3002";
    public const string GlobalEventSubscription = "KPL3003";

    private readonly Dictionary<string, List<BinaryHazard>> _byKey = new(StringComparer.Ordinal);

    public BinaryHazards(IEnumerable<ParsedCatalog> catalogs)
    {
        foreach (var catalog in catalogs)
        {
            foreach (var entry in catalog.Entries)
            {
                Add(new BinaryHazard(entry.RuleId, entry.SymbolId, entry.Reason, entry.Hint));
            }
        }

        foreach (var hazard in Mirrors)
        {
            Add(hazard);
        }

        MemberNamesUtf8 = new Utf8NameSet(MemberNames);
        ConstructedTypeNamesUtf8 = new Utf8NameSet(ConstructedTypeNames);
        TypeSimpleNamesUtf8 = new Utf8NameSet(TypeSimpleNames);
    }

    /// <summary>The embedded hazard catalogs (the analyzers' own) plus the given extra catalog files.</summary>
    public static BinaryHazards FromCatalogs(IEnumerable<ParsedCatalog> extra)
    {
        var all = new List<ParsedCatalog>(CatalogFiles.Embedded);
        all.AddRange(extra);
        return new BinaryHazards(all);
    }

    public int Count => _byKey.Count;

    /// <summary>
    /// The member names (as metadata spells them: "set_DefaultSettings", "add_ProcessExit", "GetType") any key can match,
    /// and the simple names of types whose constructors a key lists. An IL target whose name is in neither is skipped
    /// without decoding its signature: the cheap check that keeps the scan at memory speed.
    /// </summary>
    public HashSet<string> MemberNames { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ConstructedTypeNames { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The simple names (last dotted segment, arity kept: "JsonConvert", "List`1") of every type a key names as the member's
    /// type: a target declared on any other type cannot match, so an assembly that references none of them needs no
    /// target resolved at all.
    /// </summary>
    public HashSet<string> TypeSimpleNames { get; } = new(StringComparer.Ordinal);

    /// <summary>A key whose type part could not be read (no dot): type names cannot rule a target out.</summary>
    public bool AnyTypeMayMatch { get; private set; }

    public Utf8NameSet MemberNamesUtf8 { get; }

    public Utf8NameSet ConstructedTypeNamesUtf8 { get; }

    public Utf8NameSet TypeSimpleNamesUtf8 { get; }

    public bool TryGet(string key, out List<BinaryHazard> hazards) => _byKey.TryGetValue(key, out hazards!);

    private void Add(BinaryHazard hazard)
    {
        // Multi-dimensional arrays may be written "[0:,0:]" (the C# compiler's XML docs) or "[,]" (Roslyn's IDs): one form.
        if (hazard.Key.Contains("0:", StringComparison.Ordinal))
        {
            hazard = hazard with { Key = hazard.Key.Replace("0:", string.Empty, StringComparison.Ordinal) };
        }

        IndexNames(hazard.Key);
        if (!_byKey.TryGetValue(hazard.Key, out var list))
        {
            _byKey[hazard.Key] = list = new List<BinaryHazard>(1);
        }

        // The same API listed twice (a catalog line and a mirror, or two catalogs) is one hazard per rule.
        if (!list.Exists(h => h.RuleId == hazard.RuleId))
        {
            list.Add(hazard);
        }
    }

    private void IndexNames(string key)
    {
        var body = key.Length > 2 ? key[2..] : key;
        var paren = body.IndexOf('(');
        if (paren >= 0)
        {
            body = body[..paren];
        }

        if (key.StartsWith("T:", StringComparison.Ordinal))
        {
            ConstructedTypeNames.Add(SimpleName(body));
            IndexTypeName(body);
            return;
        }

        var dot = body.LastIndexOf('.');
        IndexTypeName(dot > 0 ? body[..dot] : string.Empty);
        var member = dot >= 0 ? body[(dot + 1)..] : body;
        var generic = member.IndexOf("``", StringComparison.Ordinal);
        if (generic >= 0)
        {
            member = member[..generic];
        }

        switch (key[0])
        {
            case 'P':
                MemberNames.Add("get_" + member);
                MemberNames.Add("set_" + member);
                break;
            case 'E':
                MemberNames.Add("add_" + member);
                break;
            case 'M' when member == "#ctor":
                ConstructedTypeNames.Add(SimpleName(dot >= 0 ? body[..dot] : body));
                break;
            default:
                MemberNames.Add(member.Replace('#', '.'));
                break;
        }
    }

    private void IndexTypeName(string typeName)
    {
        if (typeName.Length == 0 || typeName.Contains('{') || typeName.EndsWith('.'))
        {
            AnyTypeMayMatch = true;
            return;
        }

        TypeSimpleNames.Add(SimpleName(typeName));
    }

    private static string SimpleName(string typeName)
    {
        var dot = typeName.LastIndexOf('.');
        return dot >= 0 ? typeName[(dot + 1)..] : typeName;
    }

    private static readonly ImmutableArray<BinaryHazard> Mirrors = BuildMirrors();

    private static ImmutableArray<BinaryHazard> BuildMirrors()
    {
        var list = ImmutableArray.CreateBuilder<BinaryHazard>();
        const string byName = "a type or assembly name resolved from shared code answers for the default context: a module's type is not found, or another module's is";
        const string byNameHint = "resolve inside AssemblyLoadContext.EnterContextualReflection(moduleAssembly), or take a Type/Assembly from the caller";
        foreach (var id in new[]
        {
            "M:System.Type.GetType(System.String)",
            "M:System.Type.GetType(System.String,System.Boolean)",
            "M:System.Type.GetType(System.String,System.Boolean,System.Boolean)",
            "M:System.Reflection.Assembly.Load(System.String)",
            "M:System.Reflection.Assembly.Load(System.Reflection.AssemblyName)",
            "M:System.Activator.CreateInstance(System.String,System.String)",
            "M:System.AppDomain.Load(System.String)",
        })
        {
            list.Add(new BinaryHazard(NameBasedResolution, id, byName, byNameHint, SkipAfterStringLiteral: true));
        }

        const string outside = "loads into the default or a new anonymous context, never the module's own: a second copy with split type identity that never unloads";
        const string outsideHint = "AssemblyLoadContext.GetLoadContext(typeof(X).Assembly).LoadFromAssemblyPath(path)";
        foreach (var id in new[]
        {
            "M:System.Reflection.Assembly.LoadFrom(System.String)",
            "M:System.Reflection.Assembly.LoadFile(System.String)",
            "M:System.Reflection.Assembly.Load(System.Byte[])",
            "M:System.Reflection.Assembly.Load(System.Byte[],System.Byte[])",
            "M:System.Reflection.Assembly.UnsafeLoadFrom(System.String)",
        })
        {
            list.Add(new BinaryHazard(LoadOutsideModuleContext, id, outside, outsideHint));
        }

        const string pins = "a handler subscribed to a process-wide event keeps the subscriber's load context alive until it is removed";
        const string pinsHint = "unsubscribe in the module's AssemblyLoadContext.Unloading handler";
        foreach (var id in new[]
        {
            "E:System.AppDomain.ProcessExit",
            "E:System.AppDomain.DomainUnload",
            "E:System.AppDomain.UnhandledException",
            "E:System.AppDomain.FirstChanceException",
            "E:System.AppDomain.AssemblyResolve",
            "E:System.AppDomain.TypeResolve",
            "E:System.AppDomain.ResourceResolve",
            "E:System.AppDomain.AssemblyLoad",
            "E:System.Runtime.Loader.AssemblyLoadContext.Resolving",
            "E:System.Runtime.Loader.AssemblyLoadContext.ResolvingUnmanagedDll",
            "E:System.Threading.Tasks.TaskScheduler.UnobservedTaskException",
            "E:System.Console.CancelKeyPress",
        })
        {
            list.Add(new BinaryHazard(GlobalEventSubscription, id, pins, pinsHint));
        }

        const string timer = "a timer started when the type loads runs for the life of the process and keeps its load context alive";
        list.Add(new BinaryHazard(UndisposedTimer, "T:System.Threading.Timer", timer, "create timers on demand and dispose them on unload", OnlyInStaticConstructor: true));
        list.Add(new BinaryHazard(UndisposedTimer, "T:System.Timers.Timer", timer, "create timers on demand and dispose them on unload", OnlyInStaticConstructor: true));
        list.Add(new BinaryHazard(UnstoppedThread, "T:System.Threading.Thread", "a thread created when the type loads keeps its load context alive while it runs", "start threads on demand and stop them on unload", OnlyInStaticConstructor: true));
        return list.ToImmutable();
    }
}
