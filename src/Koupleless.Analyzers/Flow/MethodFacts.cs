using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>How a module-derived value reaches storage.</summary>
internal enum StoreKind
{
    /// <summary>The value replaces what was there: one value for every module, the last one wins.</summary>
    Overwrite,

    /// <summary>The value is added to what is there (a cache entry, a list item, an event handler) and kept.</summary>
    Fill,
}

/// <summary>
/// What one method body does with module-derived values, in its own terms (its parameters, type parameters, the
/// holders it can name). Collected once per method by <see cref="MethodFactsCollector"/>; combined across the
/// compilation by <see cref="StaticStateFlow"/>.
/// </summary>
internal sealed class MethodFacts
{
    public MethodFacts(
        IMethodSymbol method,
        ImmutableArray<StoreFact> stores,
        ImmutableArray<CallFact> calls,
        ImmutableArray<CacheFact> cacheCalls,
        ImmutableArray<FieldAssignmentFact> fieldAssignments,
        ImmutableArray<Holder> returns,
        ImmutableArray<(ISymbol Storage, ITypeSymbol Type)> creations,
        ImmutableArray<DelegateTargetFact> delegateTargets)
    {
        Method = method;
        Stores = stores;
        Calls = calls;
        CacheCalls = cacheCalls;
        FieldAssignments = fieldAssignments;
        Returns = returns;
        Creations = creations;
        DelegateTargets = delegateTargets;
    }

    public IMethodSymbol Method { get; }

    public ImmutableArray<StoreFact> Stores { get; }

    public ImmutableArray<CallFact> Calls { get; }

    public ImmutableArray<CacheFact> CacheCalls { get; }

    public ImmutableArray<FieldAssignmentFact> FieldAssignments { get; }

    /// <summary>Holders of the objects the method returns (a getter returning static storage).</summary>
    public ImmutableArray<Holder> Returns { get; }

    /// <summary>Static storage assigned a new object here (<c>s_default ??= new DefaultResolver()</c>): its concrete type.</summary>
    public ImmutableArray<(ISymbol Storage, ITypeSymbol Type)> Creations { get; }

    public ImmutableArray<DelegateTargetFact> DelegateTargets { get; }

    /// <summary>Two bodies of one method (the parts of a partial member): everything either does.</summary>
    public MethodFacts Merge(MethodFacts other) => new(
        Method,
        Stores.AddRange(other.Stores),
        Calls.AddRange(other.Calls),
        CacheCalls.AddRange(other.CacheCalls),
        FieldAssignments.AddRange(other.FieldAssignments),
        Returns.AddRange(other.Returns),
        Creations.AddRange(other.Creations),
        DelegateTargets.AddRange(other.DelegateTargets));

    public bool IsEmpty => Stores.IsEmpty && Calls.IsEmpty && CacheCalls.IsEmpty && FieldAssignments.IsEmpty && Returns.IsEmpty && Creations.IsEmpty && DelegateTargets.IsEmpty;
}

/// <summary>A module-derived value stored into (the state of) whatever <see cref="Targets"/> hold.</summary>
internal sealed record StoreFact(StoreKind Kind, ImmutableArray<Holder> Targets, OriginSet Origins, Location Site);

/// <summary>
/// A call to a method of this compilation: what each parameter receives (origins and holders, by the callee's
/// parameter ordinal), what its type parameters are bound to, and what it is called on (which objects, and the
/// origins of that object: the callee's "this" origin), and which static storage each argument is built from
/// (<c>SetMap(new Dictionary(s_map) { [k] = v })</c> adds to s_map, it does not replace it).
/// </summary>
internal sealed record CallFact(
    IMethodSymbol Callee,
    ImmutableArray<Holder> Receiver,
    OriginSet ReceiverOrigins,
    ImmutableArray<OriginSet> Arguments,
    ImmutableArray<ImmutableArray<Holder>> ArgumentHolders,
    ImmutableArray<ImmutableArray<ISymbol>> ArgumentReads,
    ImmutableArray<(ITypeParameterSymbol Parameter, OriginSet Origins)> TypeArguments,
    Location Site);

/// <summary>
/// A method group kept in a field or property (<c>Validator = ValidationHelper.ValidateObject</c>): invoking the
/// delegate later calls that method.
/// </summary>
internal sealed record DelegateTargetFact(ISymbol Member, IMethodSymbol Method);

/// <summary>
/// A call to a framework cache (TypeDescriptor, System.Text.Json, Newtonsoft.Json) with the origins of the types it caches.
/// <see cref="ThroughValuesOnly"/>: those origins come only from objects the call is given (<c>GetProperties(component)</c>),
/// none from a <c>Type</c> or a type argument.
/// </summary>
internal sealed record CacheFact(string Cache, string Api, OriginSet Types, Location Site, bool ThroughValuesOnly);

/// <summary>An instance field or auto-property assigned an object that <see cref="Value"/> may hold (a default instance kept in a field).</summary>
internal sealed record FieldAssignmentFact(ISymbol Member, ImmutableArray<Holder> Value);
