using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Flow;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// Turns what modules can reach (<see cref="StaticStateFlow"/>) into KPL1001/KPL1002/KPL3010 diagnostics: one per
/// storage and kind, at the storage's declaration (at the write when the storage is another assembly's), naming the
/// member a module calls, and one KPL3010 per framework-cache call.
/// </summary>
internal static class SharedStaticStateReport
{
    /// <summary>Diagnostic property for the fixes: <c>Field</c>, <c>AutoProperty</c>, <c>Event</c> or <c>External</c>.</summary>
    public const string StorageProperty = "KouplelessStorage";

    /// <param name="OnHeldObject">A module reaches the store only by calling the member on the object the static holds.</param>
    private sealed record Path(string Member, Location Site, bool Direct, OriginSet Origins, ITypeSymbol? Carried, bool OnHeldObject);

    public static void Report(CompilationAnalysisContext context, StaticStateFlow flow, ConcurrentBag<VisibleChange> visibleStorage, StaticMemberUses uses, KouplelessRole role)
    {
        var types = flow.Types;
        var paths = new Dictionary<(ISymbol Storage, StoreKind Kind), List<Path>>(new StorageKindComparer());
        var caches = new Dictionary<Location, List<Reach>>();
        var namedConstants = new NamedConstantSets(uses);
        var refusals = new Dictionary<ISymbol, Dictionary<Location, bool>>(SymbolEqualityComparer.Default);
        var subclasses = new OwnSubclasses(context.Compilation);
        foreach (var reach in flow.Solve(context.CancellationToken))
        {
            if (reach.Cache is { } cache)
            {
                if (!caches.TryGetValue(cache.Site, out var list))
                {
                    caches[cache.Site] = list = new List<Reach>();
                }

                list.Add(reach);
                continue;
            }

            if (!reach.Direct && RefusesChange(refusals, reach.Storage!, reach.Site, context.Compilation, context.CancellationToken))
            {
                // The store only runs on an object being created (an init accessor), or throws on this instance (a
                // frozen default): nothing a module does reaches the object the static holds.
                continue;
            }

            Add(paths, reach.Storage!, reach.Kind, new Path(Display(reach.Entry), reach.Site, reach.Direct, reach.Origins, CarriedType(reach), IsOnHeldObject(reach.Entry, reach.Storage!)));
        }

        foreach (var site in caches.Values)
        {
            ReportCache(context, site, ProcessWideTypeCacheAnalyzer.SharedRule);
        }

        foreach (var change in visibleStorage)
        {
            if (change.Direct && change.Kind == StoreKind.Overwrite && IsNoSetting(change.Storage, uses))
            {
                continue;
            }

            Add(paths, change.Storage, change.Kind, new Path(change.Member, change.Storage.Locations[0], change.Direct, OriginSet.Empty, change.Carried, OnHeldObject: !change.Direct));
        }

        foreach (var ((storage, kind), found) in paths.Select(p => (p.Key, p.Value)))
        {
            if (IsExempt(storage, found, types) || IsNamedConstantChanged(kind, storage, namedConstants, context.CancellationToken)
                || (found.All(p => p.OnHeldObject) && NamedPresets.Is(storage, context.Compilation, context.CancellationToken))
                || (kind == StoreKind.Fill && HeldObjects.CannotKeepAnything(storage, KnownCreations(flow, storage), subclasses, context.Compilation))
                || HeldObjects.HasNoState(storage, KnownCreations(flow, storage), subclasses, context.Compilation)
                || HeldObjects.IsUnchangeableValue(storage)
                || IsUnreadField(storage, kind, found, uses, context.Compilation))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(storage.ContainingAssembly, context.Compilation.Assembly))
            {
                ReportStorage(context, storage, kind, found, storage.Locations.First(l => l.IsInSource), ReportLocation(storage, kind, found));
            }
            else if (storage is IFieldSymbol)
            {
                // Another assembly's static field: reported at each write, the only place this code controls.
                foreach (var site in found.GroupBy(p => p.Site))
                {
                    ReportStorage(context, storage, kind, site.ToList(), site.Key, site.Key);
                }
            }
        }
    }

    /// <summary>The types of object a static's initializer creates, itself or through a conversion or factory of the library.</summary>
    private static IEnumerable<ITypeSymbol> KnownCreations(StaticStateFlow flow, ISymbol storage)
        => flow.ConcreteTypes(storage).Concat(flow.Factories.CreatedFor(storage));

    /// <summary>A visible static a module could assign directly, whose assignment changes nothing the library shares.</summary>
    private static bool IsNoSetting(ISymbol storage, StaticMemberUses uses)
    {
        if (!uses.IsRead(storage) && (storage is IFieldSymbol || IsObsolete(storage)))
        {
            // Nothing of the library takes a value from the field after initialisation. A property with a public setter is
            // a setting by design even when only another assembly reads it (MassTransit.Abstractions' MessageDataDefaults,
            // read by MassTransit: measured on the closure), unless the library retired it ([Obsolete] and read by nothing:
            // linq2db's Configuration.Linq.PreferApply, "doesn't have effect anymore", measured noise on held-out set 7).
            return true;
        }

        // A field named as a constant (NUM_MASK_PATTERNS, MAX_CHAIN: a C or Java `static final` ported without its
        // `readonly`) that the library never assigns after initialisation is its constant.
        return storage is IFieldSymbol && IsNamedAsConstant(storage) && !uses.IsAssigned(storage);
    }

    /// <summary>
    /// A static field of this compilation that nothing of the library reads after initialisation, overwritten by what a
    /// module does: the write changes nothing the library does — the reading <see cref="IsNoSetting"/> makes for a visible
    /// field a module assigns itself (LABELLING.md, stop 32). Two ways to get there:
    /// <list type="bullet">
    /// <item>the object the field holds, reconfigured through its setters (every path goes through the object): Minio's
    /// seven named values with a setter for XmlSerializer (<c>CSVQuoteFields.Always = new CSVQuoteFields("Always")</c>)
    /// and InfluxDB.Client's retired <c>ApiClient.Default</c>, noise on held-out set 12;</item>
    /// <item>a plain value (a number, an enum, a flag: nothing it could keep) stored through a member a module calls, in a
    /// field code outside cannot read either (not visible): Lucene.Net's <c>Automaton.SetMinimization</c> writes
    /// <c>minimization</c>, which no code reads, noise on held-out set 11.</item>
    /// </list>
    /// Not a property's backing field, which its getter reads without a reference in code (GraphQL's
    /// <c>GlobalSwitches.EnableReadDescriptionFromXmlDocumentation { get; set { field = value; … } }</c>: a setting); a
    /// property stays a setting by design (see <see cref="IsNoSetting"/>).
    /// </summary>
    private static bool IsUnreadField(ISymbol storage, StoreKind kind, List<Path> found, StaticMemberUses uses, Compilation compilation)
        => kind == StoreKind.Overwrite
            && storage is IFieldSymbol { AssociatedSymbol: null, IsImplicitlyDeclared: false } field
            && SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, compilation.Assembly)
            && !uses.IsRead(field)
            && (found.All(path => !path.Direct)
                || (field.Type is { IsValueType: true, IsUnmanagedType: true } && !Flow.EntryPoints.IsVisibleOutside(field)));

    private static bool IsObsolete(ISymbol member)
        => member.GetAttributes().Any(a => a.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    /// <summary>
    /// UPPER_CASE with at least two letters (<c>NUM_MASK_PATTERNS</c>, <c>MAXSEQ</c>, <c>POUND</c>): how C and Java name their
    /// constants. Measured on the labelled released packages (docs/rules/KPL1001.md): 15 such visible fields of ZXing.Net,
    /// SharpZipLib, NATS.Client, ANTLR reported as settable were noise, one (NetTopologySuite's MAX_ROBUST_DP_DIGITS) a hazard.
    /// </summary>
    private static bool IsNamedAsConstant(ISymbol field)
    {
        var name = field.Name;
        var letters = 0;
        foreach (var character in name)
        {
            if (!(char.IsUpper(character) || char.IsDigit(character) || character == '_'))
            {
                return false;
            }

            letters += char.IsUpper(character) ? 1 : 0;
        }

        return letters >= 2 && name.Length >= 3;
    }

    /// <summary>
    /// <see cref="FrozenInstances.RefusesChange"/> once per storage and store site: a storage reached through many paths
    /// shares its few store sites, and each answer re-reads syntax (the store's node, the type's static constructor).
    /// </summary>
    private static bool RefusesChange(
        Dictionary<ISymbol, Dictionary<Location, bool>> known, ISymbol storage, Location site, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!known.TryGetValue(storage, out var bySite))
        {
            known[storage] = bySite = new Dictionary<Location, bool>();
        }

        if (!bySite.TryGetValue(site, out var refuses))
        {
            bySite[site] = refuses = FrozenInstances.RefusesChange(storage, site, compilation, cancellationToken);
        }

        return refuses;
    }

    private static void ReportStorage(CompilationAnalysisContext context, ISymbol storage, StoreKind kind, List<Path> found, Location declaration, Location location)
    {
        var ordered = found.OrderByDescending(p => p.Direct).ThenBy(p => p.Member, System.StringComparer.Ordinal).ToList();
        var first = ordered[0];
        var members = ordered.Select(p => p.Member).Distinct().ToList();
        var others = members.Count > 1 ? $" (and {members.Count - 1} other member{(members.Count > 2 ? "s" : string.Empty)})" : string.Empty;
        var what = WhatOf(storage);
        var name = storage.ContainingType is { } containing ? containing.Name + "." + storage.Name : storage.Name;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(SharedStaticStateAnalyzer.KindProperty, kind == StoreKind.Overwrite ? SharedStaticStateAnalyzer.OverwriteKind : SharedStaticStateAnalyzer.FillKind)
            .Add(StorageProperty, StorageKind(storage, context.Compilation));
        var additional = ordered.Select(p => p.Site).Where(s => s != location && s.IsInSource && context.Compilation.ContainsSyntaxTree(s.SourceTree)).Take(1);

        Diagnostic diagnostic;
        if (kind == StoreKind.Overwrite)
        {
            var how = ordered.Any(p => p.Direct)
                ? $"is set by modules through '{ordered.First(p => p.Direct).Member}'{others}"
                : $"holds an object whose state modules change through '{first.Member}'{others}";
            var pins = ordered.Any(p => p.Origins.Pins || (p.Origins.IsEmpty && ModuleValues.CanHoldModuleReference(p.Carried)))
                ? ", and the module whose value it holds cannot unload"
                : string.Empty;
            diagnostic = Diagnostic.Create(
                SharedStaticStateAnalyzer.OverwriteRule, location, additional, properties, what, name, how, pins,
                "pass the value with each call, or keep one value per load context");
        }
        else
        {
            var remedy = storage is IEventSymbol
                ? "raise it per module, or have modules remove their handlers when they unload"
                : "remove a module's entries when it unloads (AssemblyLoadContext.Unloading), keep the storage per load context, or key it weakly (ConditionalWeakTable)";
            diagnostic = Diagnostic.Create(
                SharedStaticStateAnalyzer.FillRule, location, additional, properties, what, name, $"'{first.Member}'{others}", Carried(ordered), remedy);
        }

        context.ReportDiagnostic(diagnostic);
    }

    /// <summary>
    /// KPL3010 in a library of a module (<see cref="ProcessWideTypeCacheAnalyzer"/>): only the caches the flow reaches from
    /// a member the module's other code can call, except those <paramref name="skip"/> names (reported otherwise, or released).
    /// </summary>
    public static void ReportCallersTypeCaches(CompilationAnalysisContext context, StaticStateFlow flow, System.Func<Reach, bool> skip)
    {
        var caches = flow.Solve(context.CancellationToken)
            .Where(reach => reach.Cache is not null && !skip(reach))
            .GroupBy(reach => reach.Cache!.Site);
        foreach (var site in caches)
        {
            ReportCache(context, site.ToList(), ProcessWideTypeCacheAnalyzer.LibraryRule);
        }
    }

    private static void ReportCache(CompilationAnalysisContext context, List<Reach> reaches, DiagnosticDescriptor rule)
    {
        var members = reaches.Select(r => Display(r.Entry)).Distinct().OrderBy(m => m, System.StringComparer.Ordinal).ToList();
        var cache = reaches[0].Cache!;
        var others = members.Count > 1 ? $" (and {members.Count - 1} other member{(members.Count > 2 ? "s" : string.Empty)})" : string.Empty;
        // The members a module calls, as catalog IDs: `koupleless scan --emit-catalog` turns them into KPL3010 lines, so
        // that the modules' own analyzers report each call that hands the shared helper a module type.
        var entryPoints = reaches
            .Select(r => CatalogId(r.Entry.OriginalDefinition))
            .Where(id => !string.IsNullOrEmpty(id))
            .Distinct()
            .OrderBy(id => id, System.StringComparer.Ordinal);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ProcessWideTypeCacheAnalyzer.CacheProperty, cache.Cache)
            .Add(ProcessWideTypeCacheAnalyzer.CacheDescriptionProperty, ProcessWideTypeCacheAnalyzer.Describe(cache.Cache));
        if (rule == ProcessWideTypeCacheAnalyzer.SharedRule)
        {
            // Only a shared library's members become catalog lines for the modules that call them (--emit-catalog).
            properties = properties.Add(ProcessWideTypeCacheAnalyzer.EntryPointsProperty, string.Join(ProcessWideTypeCacheAnalyzer.EntryPointSeparator, entryPoints));
        }

        context.ReportDiagnostic(Diagnostic.Create(
            rule,
            cache.Site,
            properties,
            cache.Api,
            $"'{members[0]}'{others}",
            ProcessWideTypeCacheAnalyzer.Describe(cache.Cache),
            ProcessWideTypeCacheAnalyzer.SharedRemedy(cache.Cache)));
    }

    /// <summary>
    /// Storage no module value can pin or cross: flow-local and per-context holders, weak tables, locks, empty arrays, boxed constants,
    /// generated fields, and statics of a generic type reached only through its own type arguments (one copy per instantiation,
    /// which unloads with the module that made it: measured).
    /// </summary>
    private static bool IsExempt(ISymbol storage, List<Path> paths, FlowTypes types)
    {
        var state = types.StaticState;
        var type = storage switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (state.IsFlowLocalHolder(type) || types.IsWeakTable(type) || state.IsCompilerGenerated(storage))
        {
            return true;
        }

        if (storage is IFieldSymbol f && (state.IsThreadStatic(f) || state.IsLockObject(f) || IsEmptyArray(f) || IsBoxedConstant(f)))
        {
            return true;
        }

        if (IsObjectPool(type) || IsObjectPool(storage.ContainingType))
        {
            // A pool hands its objects out and takes them back reset: what a module left in one is cleared on return
            // (the pool's contract; the flow cannot see the reset).
            return true;
        }

        if (IsSentinel(storage) && paths.All(p => !p.Direct))
        {
            // Empty, None, Nil...: shared by design and never to be changed; what reaches one is a may-alias of the flow.
            return true;
        }

        return IsInGenericType(storage) && paths.All(p => !p.Origins.IsEmpty && p.Origins.Any.All(o => o.TypeParameter is not null));
    }

    /// <summary>
    /// An instance member of the static's own type, up or down its hierarchy (Lucene.Net's <c>MergePolicy.SetIndexWriter</c>
    /// for a <c>NoMergePolicy</c> preset): a module changes the held object by calling it on that object itself. A static
    /// member or another type's member that stores into the object is the library's own use of it, and a member that adds
    /// (<see cref="NamedPresets.Adds"/>) uses the object as a registry.
    /// </summary>
    private static bool IsOnHeldObject(IMethodSymbol entry, ISymbol storage)
    {
        var held = storage switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        return held is not null && !entry.IsStatic && entry.MethodKind != MethodKind.Constructor && !NamedPresets.Adds(entry.Name)
            && (TypeHierarchy.IsOrDerivesFrom(held, entry.ContainingType) || TypeHierarchy.IsOrDerivesFrom(entry.ContainingType, held));
    }

    /// <summary>
    /// A value of a set of named constants (<see cref="NamedConstantSets"/>) overwritten through its object's setters or,
    /// when it lacks <c>readonly</c>, by assigning it; what is added to one (a registry written as a named value) is still a fill.
    /// </summary>
    private static bool IsNamedConstantChanged(StoreKind kind, ISymbol storage, NamedConstantSets namedConstants, CancellationToken cancellationToken)
        => kind == StoreKind.Overwrite && namedConstants.Contains(storage, cancellationToken);

    /// <summary>
    /// A static readonly array made empty: nothing can be stored in it, whatever store the flow sees reach it through a
    /// may-alias (MassTransit's <c>EmptyArray&lt;T&gt;.Value</c>, measured wrong on the released package).
    /// </summary>
    private static bool IsEmptyArray(IFieldSymbol field) => field.IsStatic && field.IsReadOnly && StaticStateSyntax.HasEmptyArrayInitializer(field);

    /// <summary>
    /// A static readonly field holding a literal (<c>static readonly object s_false = false;</c>): a boxed constant cannot
    /// be changed or filled, whatever store the flow sees reach it through a may-alias (Microsoft.Data.SqlClient's
    /// <c>SqlBuffer.s_cachedFalseObject</c>, measured wrong on the released package).
    /// </summary>
    private static bool IsBoxedConstant(IFieldSymbol field) => field.IsStatic && field.IsReadOnly && StaticStateSyntax.HasLiteralInitializer(field);

    private static bool IsSentinel(ISymbol storage)
    {
        var name = storage.Name;
        foreach (var prefix in new[] { "s_", "m_", "_" })
        {
            if (name.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        return name.StartsWith("Empty", System.StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("Empty", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("None", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Nil", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Null", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Undefined", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("NotFound", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Zero", System.StringComparison.OrdinalIgnoreCase)
            // Markers compared by reference (Svg's SvgPaintServer.NotSet and Inherit, Jint's _marker: labelled noise on
            // held-out sets 18 and 2).
            || name.Equals("NotSet", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Unset", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Inherit", System.StringComparison.OrdinalIgnoreCase)
            || name.Equals("Marker", System.StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsObjectPool(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name.EndsWith("Pool", System.StringComparison.Ordinal) || HandsOutAndTakesBack(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The shape of a pool whatever its name: <c>Get()</c> (or <c>Rent</c>, <c>Acquire</c>) hands an object out and
    /// <c>Release(it)</c> (or <c>Return</c>, <c>Free</c>) takes it back (Markdig's <c>ObjectCache&lt;T&gt;</c>, whose
    /// processors are reset on release: measured wrong on the released package).
    /// </summary>
    private static bool HandsOutAndTakesBack(ITypeSymbol type)
    {
        var methods = type.GetMembers().OfType<IMethodSymbol>().Where(m => !m.IsStatic).ToList();
        return methods
            .Where(m => m.Parameters.Length == 0 && !m.ReturnsVoid && m.Name is "Get" or "Rent" or "Acquire")
            .Any(get => methods.Any(m => m.Name is "Release" or "Return" or "Free" && m.Parameters.Length == 1
                && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, get.ReturnType)));
    }

    private static bool IsInGenericType(ISymbol storage)
    {
        for (var type = storage.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An auto-property a module sets through its own setter is reported at the setter (where its fix goes).</summary>
    private static Location ReportLocation(ISymbol storage, StoreKind kind, List<Path> paths)
        => kind == StoreKind.Overwrite && paths.Any(p => p.Member == SharedStaticStateAnalyzer.ItsSetter)
            && storage is IPropertySymbol { SetMethod: { } setter } && setter.Locations.FirstOrDefault(l => l.IsInSource) is { } setterLocation
            ? setterLocation
            : storage.Locations.First(l => l.IsInSource);

    private static string WhatOf(ISymbol storage) => storage switch
    {
        IPropertySymbol => "Static property",
        IEventSymbol => "Static event",
        _ => "Static field",
    };

    private static string StorageKind(ISymbol storage, Compilation compilation) => storage switch
    {
        _ when !SymbolEqualityComparer.Default.Equals(storage.ContainingAssembly, compilation.Assembly) => "External",
        IPropertySymbol => "AutoProperty",
        IEventSymbol => "Event",
        _ => "Field",
    };

    /// <summary>
    /// What modules leave in the storage, for the message: their types, members, assemblies, handlers or objects —
    /// the most specific kind any path carries, so the wording does not depend on the order paths were found in.
    /// </summary>
    private static string Carried(IEnumerable<Path> paths)
    {
        var kinds = new HashSet<string>();
        foreach (var path in paths)
        {
            switch (path.Carried)
            {
                case null:
                    break;
                case { TypeKind: TypeKind.Delegate }:
                    kinds.Add("handler");
                    break;
                case var type when TypeHierarchy.IsOrDerivesFrom(type, "System", "Type"):
                    kinds.Add("type");
                    break;
                case var type when TypeHierarchy.IsOrDerivesFrom(type, "System.Reflection", "MemberInfo") || TypeHierarchy.IsOrDerivesFrom(type, "System.Reflection", "ParameterInfo"):
                    kinds.Add("member");
                    break;
                case var type when TypeHierarchy.IsOrDerivesFrom(type, "System.Reflection", "Assembly"):
                    kinds.Add("assembly");
                    break;
            }

            if (path.Origins.Pinning.Any(o => o.TypeParameter is not null))
            {
                kinds.Add("type");
            }
        }

        return new[] { "type", "member", "assembly", "handler" }.FirstOrDefault(kinds.Contains) ?? "object";
    }

    private static ITypeSymbol? CarriedType(Reach reach)
    {
        foreach (var origin in reach.Origins.Pinning)
        {
            if (origin.TypeParameter is not null)
            {
                return reach.Entry.ContainingAssembly.GetTypeByMetadataName("System.Type");
            }

            if (origin.IsThis)
            {
                return reach.Entry.ContainingType;
            }

            if (origin.Parameter >= 0 && origin.Parameter < reach.Entry.Parameters.Length)
            {
                return reach.Entry.Parameters[origin.Parameter].Type;
            }
        }

        return null;
    }

    /// <summary>How a member a module calls is named in messages: <c>Type.Member</c>, <c>Type.Property (set)</c>, <c>new Type(...)</c>.</summary>
    /// <summary>
    /// The member's documentation-comment ID as a catalog names it: newer compilers append the return type
    /// (<c>~System.String</c>), which only a conversion operator needs to be told apart.
    /// </summary>
    private static string CatalogId(IMethodSymbol method)
    {
        var id = DocumentationCommentId.CreateDeclarationId(method) ?? string.Empty;
        var returnType = id.IndexOf('~');
        return returnType < 0 || method.MethodKind == MethodKind.Conversion ? id : id.Substring(0, returnType);
    }

    internal static string Display(IMethodSymbol method)
    {
        var type = method.ContainingType.Name;
        return method.MethodKind switch
        {
            MethodKind.PropertySet => $"{type}.{method.AssociatedSymbol?.Name} (set)",
            MethodKind.PropertyGet => $"{type}.{method.AssociatedSymbol?.Name}",
            MethodKind.EventAdd => $"{type}.{method.AssociatedSymbol?.Name} (+=)",
            MethodKind.Constructor => $"new {type}(...)",
            _ when method.AssociatedSymbol is IPropertySymbol { IsIndexer: true } => $"{type}[...]",
            _ => $"{type}.{method.Name}{(method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">" : string.Empty)}",
        };
    }

    private static void Add(Dictionary<(ISymbol, StoreKind), List<Path>> paths, ISymbol storage, StoreKind kind, Path path)
    {
        var key = (storage.OriginalDefinition, kind);
        if (!paths.TryGetValue(key, out var list))
        {
            paths[key] = list = new List<Path>();
        }

        list.Add(path);
    }

    private sealed class StorageKindComparer : IEqualityComparer<(ISymbol Storage, StoreKind Kind)>
    {
        public bool Equals((ISymbol Storage, StoreKind Kind) x, (ISymbol Storage, StoreKind Kind) y)
            => x.Kind == y.Kind && SymbolEqualityComparer.Default.Equals(x.Storage, y.Storage);

        public int GetHashCode((ISymbol Storage, StoreKind Kind) obj)
            => SymbolEqualityComparer.Default.GetHashCode(obj.Storage) * 3 + (int)obj.Kind;
    }
}
