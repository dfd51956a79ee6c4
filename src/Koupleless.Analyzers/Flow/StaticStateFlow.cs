using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// The semantic core of KPL1001, KPL1002 and the Shared role of KPL3010: which static storage can hold something
/// that came from a module, after type initialisation. Method facts are gathered while the compilation is analysed
/// (one operation-block action per method); at its end each method gets a summary — "parameter i / type parameter T
/// reaches storage S (overwritten or filled)" — propagated through the calls between methods of the compilation
/// until nothing changes, and the summaries of the members a module can call (<see cref="EntryPoints"/>) say what
/// a module can overwrite or fill.
/// </summary>
internal sealed class StaticStateFlow
{
    private const int MaxPropagationSteps = 50_000_000;

    private readonly ConcurrentDictionary<IMethodSymbol, MethodFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<FieldAssignmentFact> _initializers = new();
    private readonly ConcurrentDictionary<ISymbol, ConcurrentDictionary<ITypeSymbol, byte>> _concreteTypes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ConcurrentBag<IMethodSymbol>> _delegateTargets = new(SymbolEqualityComparer.Default);

    public StaticStateFlow(FlowTypes types) => Types = types;

    public FlowTypes Types { get; }

    /// <summary>What the static initializers get from the compilation's own conversions and factories.</summary>
    public InitializerFactories Factories { get; } = new();

    public void Add(MethodFacts facts)
    {
        if (facts.IsEmpty)
        {
            return;
        }

        _facts.AddOrUpdate(facts.Method.OriginalDefinition, facts, (_, known) => known.Merge(facts));
        foreach (var (storage, type) in facts.Creations)
        {
            AddConcreteType(storage, type);
        }

        foreach (var target in facts.DelegateTargets)
        {
            AddDelegateTarget(target);
        }
    }

    public void AddInitializer(FieldAssignmentFact fact) => _initializers.Add(fact);

    public void AddDelegateTarget(DelegateTargetFact fact) => _delegateTargets.GetOrAdd(fact.Member, _ => new ConcurrentBag<IMethodSymbol>()).Add(fact.Method);

    /// <summary>A type of object a static storage is given (<c>= new DefaultResolver()</c>), for calls through its interface.</summary>
    public void AddConcreteType(ISymbol storage, ITypeSymbol type)
        => _concreteTypes.GetOrAdd(storage.OriginalDefinition, _ => new ConcurrentDictionary<ITypeSymbol, byte>(SymbolEqualityComparer.Default))[type.OriginalDefinition] = 0;

    /// <summary>The types of object the static storage's initializer creates (none known: an empty sequence).</summary>
    public IEnumerable<ITypeSymbol> ConcreteTypes(ISymbol storage)
        => _concreteTypes.TryGetValue(storage.OriginalDefinition, out var types) ? types.Keys : Array.Empty<ITypeSymbol>();

    /// <summary>Everything a module can reach, by entry member. Runs once, at the end of the compilation.</summary>
    public ImmutableArray<Reach> Solve(CancellationToken cancellationToken)
    {
        var holds = new HolderResolution(_facts, _initializers);
        var summaries = new Dictionary<IMethodSymbol, Summary>(SymbolEqualityComparer.Default);
        var callers = new Dictionary<IMethodSymbol, List<(IMethodSymbol Caller, CallFact Call)>>(SymbolEqualityComparer.Default);
        foreach (var facts in _facts.Values)
        {
            var summary = Get(summaries, facts.Method);
            foreach (var store in facts.Stores)
            {
                foreach (var target in holds.Resolve(store.Targets))
                {
                    summary.Add(new Effect(store.Kind, target, store.Origins, store.Site, Direct: store.Targets.Any(t => t.Kind == Holder.HolderKind.Static)));
                }
            }

            foreach (var cache in facts.CacheCalls)
            {
                summary.AddCache(cache, cache.Types);
            }

            foreach (var call in facts.Calls)
            {
                foreach (var callee in Dispatch(call, holds))
                {
                    if (!callers.TryGetValue(callee, out var list))
                    {
                        callers[callee] = list = new List<(IMethodSymbol, CallFact)>();
                    }

                    list.Add((facts.Method, call));
                }
            }
        }

        Propagate(summaries, callers, holds, cancellationToken);
        return Reaches(summaries, holds, cancellationToken);
    }

    private static void Propagate(
        Dictionary<IMethodSymbol, Summary> summaries,
        Dictionary<IMethodSymbol, List<(IMethodSymbol Caller, CallFact Call)>> callers,
        HolderResolution holds,
        CancellationToken cancellationToken)
    {
        var work = new Queue<IMethodSymbol>(summaries.Where(s => !s.Value.IsEmpty).Select(s => s.Key));
        var queued = new HashSet<IMethodSymbol>(work, SymbolEqualityComparer.Default);
        var steps = 0;
        while (work.Count > 0 && steps++ < MaxPropagationSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var callee = work.Dequeue();
            queued.Remove(callee);
            if (!callers.TryGetValue(callee, out var calls) || !summaries.TryGetValue(callee, out var calleeSummary))
            {
                continue;
            }

            foreach (var (caller, call) in calls)
            {
                var callerSummary = Get(summaries, caller);
                var grew = false;
                foreach (var effect in calleeSummary.Effects)
                {
                    var origins = MapOrigins(effect.Origins, call);
                    if (origins.IsEmpty || (effect.Kind == StoreKind.Fill && !origins.Pins))
                    {
                        continue;
                    }

                    foreach (var target in MapTarget(effect.Target, call, holds))
                    {
                        var kind = effect.Kind == StoreKind.Overwrite && (CopiesStorage(effect, target, call) || AddsToHeldObject(effect, target, callee))
                            ? StoreKind.Fill
                            : effect.Kind;
                        grew |= callerSummary.Add(effect with { Kind = kind, Target = target, Origins = origins, Direct = effect.Direct && target.Kind == Holder.HolderKind.Static });
                    }
                }

                foreach (var (cache, cacheOrigins) in calleeSummary.Caches)
                {
                    var origins = MapOrigins(cacheOrigins, call);
                    if (origins.Pins)
                    {
                        grew |= callerSummary.AddCache(cache, origins);
                    }
                }

                if (grew && queued.Add(caller))
                {
                    work.Enqueue(caller);
                }
            }
        }
    }

    /// <summary>
    /// A method (not a property setter) that changes the state of an object a static holds, with a value that can keep
    /// a module loaded: <c>Default.Register(handler)</c>, <c>s_cache.TryAdd(type, v)</c> on the library's own table —
    /// from outside, the object now holds the module's value: a fill, not "the last one wins".
    /// </summary>
    /// <remarks>
    /// Decided without the origins: they grow while the summaries are computed, and a decision that read them would
    /// depend on the order methods are visited in. A non-setter change that stores nothing a module can be kept by is
    /// dropped later with the other fills that pin nothing.
    /// </remarks>
    private static bool AddsToHeldObject(Effect effect, Holder target, IMethodSymbol callee)
        => target.Kind == Holder.HolderKind.Static && effect.Target.Kind != Holder.HolderKind.Static
            && callee.MethodKind != MethodKind.PropertySet;

    /// <summary>The value a callee stores into static storage was built, by the caller, from that same storage: copy-on-write.</summary>
    private static bool CopiesStorage(Effect effect, Holder target, CallFact call)
    {
        if (target.Kind != Holder.HolderKind.Static)
        {
            return false;
        }

        foreach (var origin in effect.Origins.Any)
        {
            if (origin.TypeParameter is null && origin.Parameter >= 0 && origin.Parameter < call.ArgumentReads.Length
                && call.ArgumentReads[origin.Parameter].Contains(target.Symbol!, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Translates a callee's origin into the caller's: parameter j → what argument j carries; T → what T is bound to.</summary>
    private static OriginSet MapOrigins(OriginSet origins, CallFact call)
        => origins.Map(origin =>
        {
            if (origin.IsThis)
            {
                return call.ReceiverOrigins;
            }

            if (origin.TypeParameter is null)
            {
                return origin.Parameter >= 0 && origin.Parameter < call.Arguments.Length ? call.Arguments[origin.Parameter] : OriginSet.Empty;
            }

            foreach (var (parameter, bound) in call.TypeArguments)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter, origin.TypeParameter))
                {
                    return bound;
                }
            }

            return OriginSet.Empty;
        });

    private static IEnumerable<Holder> MapTarget(Holder target, CallFact call, HolderResolution holds) => target.Kind switch
    {
        Holder.HolderKind.Static => new[] { target },
        Holder.HolderKind.This => holds.Resolve(call.Receiver),
        Holder.HolderKind.Parameter when target.Ordinal < call.ArgumentHolders.Length => holds.Resolve(call.ArgumentHolders[target.Ordinal]),
        _ => Array.Empty<Holder>(),
    };

    /// <summary>
    /// The methods a call can run: the callee itself when it has a body, and for a call through an interface or a
    /// virtual member on static storage, the implementation in the type that storage is initialised with.
    /// </summary>
    private IEnumerable<IMethodSymbol> Dispatch(CallFact call, HolderResolution holds)
    {
        var callee = call.Callee;
        if (callee.MethodKind == MethodKind.DelegateInvoke)
        {
            // Invoking a delegate member: the arguments go to each method ever kept in that member.
            foreach (var holder in call.Receiver)
            {
                if (holder.Kind == Holder.HolderKind.FieldValue && _delegateTargets.TryGetValue(holder.Symbol!, out var targets))
                {
                    foreach (var target in targets.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
                    {
                        yield return target;
                    }
                }
            }

            yield break;
        }

        yield return callee;

        if (!(callee.IsAbstract || callee.IsVirtual || callee.ContainingType.TypeKind == TypeKind.Interface))
        {
            yield break;
        }

        foreach (var holder in holds.Resolve(call.Receiver))
        {
            if (holder.Kind != Holder.HolderKind.Static)
            {
                continue;
            }

            foreach (var concrete in ConcreteTypes(holder.Symbol!))
            {
                if (Implementation(concrete, callee) is { } implementation && !SymbolEqualityComparer.Default.Equals(implementation, callee))
                {
                    yield return implementation;
                }
            }
        }
    }

    private static IMethodSymbol? Implementation(ITypeSymbol concrete, IMethodSymbol callee)
    {
        if (callee.ContainingType.TypeKind == TypeKind.Interface)
        {
            return concrete.FindImplementationForInterfaceMember(callee) is IMethodSymbol implementation ? implementation.OriginalDefinition : null;
        }

        for (var type = concrete; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(callee.Name))
            {
                if (member is IMethodSymbol method && IsOverrideOf(method, callee))
                {
                    return method.OriginalDefinition;
                }
            }
        }

        return null;
    }

    private static bool IsOverrideOf(IMethodSymbol method, IMethodSymbol callee)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, callee.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What each entry member reaches: effects on static storage, and framework caches given a module's type.</summary>
    private ImmutableArray<Reach> Reaches(Dictionary<IMethodSymbol, Summary> summaries, HolderResolution holds, CancellationToken cancellationToken)
    {
        var storageTypes = StaticStorageByType(holds);
        var result = ImmutableArray.CreateBuilder<Reach>();
        foreach (var (method, summary) in summaries.Select(p => (p.Key, p.Value)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (summary.IsEmpty || !EntryPoints.IsEntry(method))
            {
                continue;
            }

            foreach (var effect in summary.Effects)
            {
                if (effect.Kind == StoreKind.Fill && !effect.Origins.Pins)
                {
                    continue;
                }

                // "A module chose the value": a parameter or a type argument. The object a method runs on, or what it
                // already holds, is not a value a module sets; it is what a fill keeps only when it goes into the
                // storage itself (s_instances.Add(this)), not into the state of an object the storage holds.
                if (effect.Origins.Any.All(o => o.IsThis) && (effect.Kind == StoreKind.Overwrite || !effect.Direct))
                {
                    continue;
                }

                // For the same reason a fill of an object's state keeps nothing of the module's when only the object
                // itself pins: what the module chose is a number or text (GeometryFactory.Default.WithSRID(srid) caches a
                // factory keyed by the default's own members and the SRID).
                if (effect.Kind == StoreKind.Fill && !effect.Direct && effect.Origins.Pinning.All(o => o.IsThis))
                {
                    continue;
                }

                if (effect.Target.Kind == Holder.HolderKind.Static)
                {
                    result.Add(new Reach(method, effect.Kind, effect.Target.Symbol!, null, effect.Origins, effect.Site, effect.Direct));
                }
                else if (effect.Target.Kind == Holder.HolderKind.This && !method.IsStatic && method.MethodKind != MethodKind.Constructor
                    && storageTypes.TryGetValue(method.ContainingType.OriginalDefinition, out var storages))
                {
                    // The module calls this member on the instance a visible static member hands it (Default.Resolve(type)).
                    var kind = effect.Kind == StoreKind.Overwrite && method.MethodKind != MethodKind.PropertySet
                        ? StoreKind.Fill
                        : effect.Kind;
                    if (kind == StoreKind.Fill && !effect.Origins.Pins)
                    {
                        continue;
                    }

                    foreach (var storage in storages.Where(s => MemberAccess.IsCallableThrough(s.Declared, method)).Select(s => s.Storage)
                        .Distinct(SymbolEqualityComparer.Default))
                    {
                        result.Add(new Reach(method, kind, storage!, null, effect.Origins, effect.Site, Direct: false));
                    }
                }
            }

            foreach (var (cache, origins) in summary.Caches)
            {
                result.Add(new Reach(method, StoreKind.Fill, null, cache, origins, cache.Site, Direct: false));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Static storage a module can read (public, or protected in a type it can derive from), by the type of the
    /// object it holds; a property whose getter returns static storage stands for that storage. Objects of value
    /// types are copied on every read, so their storage cannot be changed through an instance member.
    /// </summary>
    /// <summary>
    /// Per type, the static storage a visible static member hands out objects of that type from, with the type the member
    /// declares: a module calls the type's members on the object only where that declared type lets it (SmtpServer's
    /// <c>ServiceProvider.Default</c> is an <c>IServiceProvider</c>, so its <c>Add</c> methods are reached only by a downcast).
    /// </summary>
    private Dictionary<ITypeSymbol, List<(ISymbol Storage, ITypeSymbol Declared)>> StaticStorageByType(HolderResolution holds)
    {
        var result = new Dictionary<ITypeSymbol, List<(ISymbol Storage, ITypeSymbol Declared)>>(SymbolEqualityComparer.Default);
        foreach (var type in DeclaredTypes.Under(Types.Compilation.Assembly.GlobalNamespace))
        {
            if (!EntryPoints.IsVisibleOutside(type))
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                var held = member switch
                {
                    IFieldSymbol { IsStatic: true, IsConst: false, IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol { IsStatic: true, GetMethod: not null } property => property.Type,
                    _ => null,
                };
                if (held is null || held.IsValueType || !EntryPoints.IsVisibleOutside(member))
                {
                    continue;
                }

                var storages = member is IPropertySymbol { GetMethod: { } getter } && !StaticStateSyntax.IsAutoProperty((IPropertySymbol)member)
                    ? holds.Resolve(ImmutableArray.Create(Holder.OfReturned(getter))).Select(h => h.Symbol!).ToList()
                    : new List<ISymbol> { member };
                foreach (var storage in storages)
                {
                    foreach (var key in ConcreteTypes(storage).Append(held.OriginalDefinition).Distinct<ITypeSymbol>(SymbolEqualityComparer.Default))
                    {
                        if (!result.TryGetValue(key, out var list))
                        {
                            result[key] = list = new List<(ISymbol Storage, ITypeSymbol Declared)>();
                        }

                        if (!list.Any(e => SymbolEqualityComparer.Default.Equals(e.Storage, storage) && SymbolEqualityComparer.Default.Equals(e.Declared, held)))
                        {
                            list.Add((storage, held));
                        }
                    }
                }
            }
        }

        return result;
    }

    private static Summary Get(Dictionary<IMethodSymbol, Summary> summaries, IMethodSymbol method)
    {
        if (!summaries.TryGetValue(method, out var summary))
        {
            summaries[method] = summary = new Summary();
        }

        return summary;
    }

    /// <summary>One way a method's values reach a holder; <paramref name="Direct"/>: the storage itself is assigned (not an object it holds).</summary>
    internal sealed record Effect(StoreKind Kind, Holder Target, OriginSet Origins, Location Site, bool Direct);

    /// <summary>A method's summary: its effects keyed by kind and target (origins merged), and the framework caches it feeds.</summary>
    private sealed class Summary
    {
        private readonly Dictionary<(StoreKind, Holder), Effect> _effects = new();
        private readonly Dictionary<Location, (CacheFact Cache, OriginSet Origins)> _caches = new();

        public IEnumerable<Effect> Effects => _effects.Values.ToList();

        public IEnumerable<(CacheFact Cache, OriginSet Origins)> Caches => _caches.Values.ToList();

        public bool IsEmpty => _effects.Count == 0 && _caches.Count == 0;

        public bool Add(Effect effect)
        {
            var key = (effect.Kind, effect.Target);
            if (!_effects.TryGetValue(key, out var known))
            {
                _effects[key] = effect;
                return true;
            }

            // The first place a value is stored, in source order: the same whatever order the methods were visited in.
            var site = Compare(effect.Site, known.Site) < 0 ? effect.Site : known.Site;
            if (known.Origins.Covers(effect.Origins) && (known.Direct || !effect.Direct) && site == known.Site)
            {
                return false;
            }

            _effects[key] = known with { Origins = known.Origins.Union(effect.Origins), Direct = known.Direct || effect.Direct, Site = site };
            return true;
        }

        private static int Compare(Location left, Location right)
        {
            var byPath = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
            return byPath != 0 ? byPath : left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
        }

        public bool AddCache(CacheFact cache, OriginSet origins)
        {
            if (_caches.TryGetValue(cache.Site, out var known))
            {
                if (known.Origins.Covers(origins))
                {
                    return false;
                }

                origins = known.Origins.Union(origins);
            }

            _caches[cache.Site] = (cache, origins);
            return true;
        }
    }

    /// <summary>
    /// Which static storage the objects named by <see cref="Holder.HolderKind.FieldValue"/> and
    /// <see cref="Holder.HolderKind.Returned"/> holders may be: every static object ever assigned to that field, or
    /// returned by that method, across the compilation (iterated until stable).
    /// </summary>
    private sealed class HolderResolution
    {
        private readonly Dictionary<ISymbol, HashSet<ISymbol>> _fieldHolds = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, HashSet<ISymbol>> _returns = new(SymbolEqualityComparer.Default);

        public HolderResolution(ConcurrentDictionary<IMethodSymbol, MethodFacts> facts, IEnumerable<FieldAssignmentFact> initializers)
        {
            var assignments = facts.Values.SelectMany(f => f.FieldAssignments).Concat(initializers).ToList();
            var returns = facts.Values.Where(f => !f.Returns.IsEmpty).ToList();
            // Monotone: run until nothing changes (a bounded number of rounds would make the answer depend on the
            // order the facts arrive in, which concurrent analysis does not fix).
            for (var round = 0; round < 10_000; round++)
            {
                var changed = false;
                foreach (var assignment in assignments)
                {
                    changed |= AddAll(_fieldHolds, assignment.Member, assignment.Value);
                }

                foreach (var method in returns)
                {
                    changed |= AddAll(_returns, method.Method, method.Returns);
                }

                if (!changed)
                {
                    break;
                }
            }
        }

        public IEnumerable<Holder> Resolve(ImmutableArray<Holder> holders)
        {
            var seen = new HashSet<Holder>();
            foreach (var holder in holders)
            {
                switch (holder.Kind)
                {
                    case Holder.HolderKind.Static:
                    case Holder.HolderKind.This:
                    case Holder.HolderKind.Parameter:
                        if (seen.Add(holder))
                        {
                            yield return holder;
                        }

                        break;
                    default:
                        foreach (var storage in StaticsOf(holder))
                        {
                            var resolved = Holder.OfStatic(storage);
                            if (seen.Add(resolved))
                            {
                                yield return resolved;
                            }
                        }

                        break;
                }
            }
        }

        private bool AddAll(Dictionary<ISymbol, HashSet<ISymbol>> map, ISymbol key, ImmutableArray<Holder> holders)
        {
            var changed = false;
            foreach (var holder in holders)
            {
                foreach (var storage in holder.Kind == Holder.HolderKind.Static ? new[] { holder.Symbol! } : StaticsOf(holder))
                {
                    if (!map.TryGetValue(key, out var set))
                    {
                        map[key] = set = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                    }

                    changed |= set.Add(storage);
                }
            }

            return changed;
        }

        private IEnumerable<ISymbol> StaticsOf(Holder holder) => holder.Kind switch
        {
            Holder.HolderKind.FieldValue when _fieldHolds.TryGetValue(holder.Symbol!, out var held) => held,
            Holder.HolderKind.Returned when _returns.TryGetValue(holder.Symbol!, out var returned) => returned,
            _ => Array.Empty<ISymbol>(),
        };
    }
}

/// <summary>
/// What a member a module can call reaches: static <see cref="Storage"/> it overwrites or fills, or a framework
/// <see cref="Cache"/> it hands a module's type to; <see cref="Site"/> is where the value is finally stored.
/// </summary>
internal sealed record Reach(IMethodSymbol Entry, StoreKind Kind, ISymbol? Storage, CacheFact? Cache, OriginSet Origins, Location Site, bool Direct);
