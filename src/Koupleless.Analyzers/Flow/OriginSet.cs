using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// The origins a value depends on. <see cref="Any"/>: every origin (a module chose the value: enough for "the last
/// module wins"). <see cref="Pinning"/>: the origins whose reference the value may still hold — dropped as soon as
/// the value's type cannot hold a reference to a module object (a string, a number: <c>type.Name</c> keeps no module
/// loaded). Tiny sets (a method has a handful of parameters), kept as arrays.
/// </summary>
internal sealed class OriginSet
{
    public static readonly OriginSet Empty = new(ImmutableArray<Origin>.Empty, ImmutableArray<Origin>.Empty);

    private OriginSet(ImmutableArray<Origin> any, ImmutableArray<Origin> pinning)
    {
        Any = any;
        Pinning = pinning;
    }

    public ImmutableArray<Origin> Any { get; }

    public ImmutableArray<Origin> Pinning { get; }

    public bool IsEmpty => Any.IsEmpty;

    public bool Pins => !Pinning.IsEmpty;

    public static OriginSet Of(Origin origin, bool pins)
        => new(ImmutableArray.Create(origin), pins ? ImmutableArray.Create(origin) : ImmutableArray<Origin>.Empty);

    public OriginSet Union(OriginSet other)
    {
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var any = Merge(Any, other.Any);
        var pinning = Merge(Pinning, other.Pinning);
        return any.Length == Any.Length && pinning.Length == Pinning.Length ? this : new OriginSet(any, pinning);
    }

    /// <summary>The same origins, none of them pinning: the value is of a type that holds no module reference.</summary>
    public OriginSet WithoutPinning() => Pinning.IsEmpty ? this : new OriginSet(Any, ImmutableArray<Origin>.Empty);

    /// <summary>Every origin pinning (a value whose type can hold what it was made from).</summary>
    public OriginSet AllPinning() => Pinning.Length == Any.Length ? this : new OriginSet(Any, Any);

    /// <summary>True when <paramref name="other"/> adds nothing to this set.</summary>
    public bool Covers(OriginSet other)
        => other.Any.All(o => Any.Contains(o)) && other.Pinning.All(o => Pinning.Contains(o));

    /// <summary>Translates each origin through <paramref name="map"/> (a callee's origins into its caller's).</summary>
    public OriginSet Map(System.Func<Origin, OriginSet> map)
    {
        var result = Empty;
        foreach (var origin in Any)
        {
            var mapped = map(origin);
            result = result.Union(Pinning.Contains(origin) ? mapped : mapped.WithoutPinning());
        }

        return result;
    }

    private static ImmutableArray<Origin> Merge(ImmutableArray<Origin> left, ImmutableArray<Origin> right)
    {
        if (right.IsEmpty)
        {
            return left;
        }

        List<Origin>? added = null;
        foreach (var origin in right)
        {
            if (!left.Contains(origin) && (added is null || !added.Contains(origin)))
            {
                (added ??= new List<Origin>()).Add(origin);
            }
        }

        return added is null ? left : left.AddRange(added);
    }

    public override string ToString() => "{" + string.Join(", ", Any) + (Pins ? "; pins " + string.Join(", ", Pinning) : string.Empty) + "}";
}
