using System;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// What may hold the object an operation changes, as far as one method can say; resolved across the compilation
/// at its end (<see cref="StaticStateFlow"/>). A <see cref="Static"/> holder is static storage itself.
/// </summary>
internal readonly struct Holder : IEquatable<Holder>
{
    public enum HolderKind
    {
        /// <summary>A static field, static auto-property (its hidden field) or static field-like event.</summary>
        Static,

        /// <summary>The instance the method runs on (its caller knows which object that is).</summary>
        This,

        /// <summary>The object passed as parameter <see cref="Ordinal"/> (its caller knows which).</summary>
        Parameter,

        /// <summary>The object in instance field or auto-property <see cref="Symbol"/> (any static storage ever assigned to it).</summary>
        FieldValue,

        /// <summary>The object method <see cref="Symbol"/> returns, as far as it is static storage (a getter of a default instance).</summary>
        Returned,
    }

    private Holder(HolderKind kind, ISymbol? symbol, int ordinal)
    {
        Kind = kind;
        Symbol = symbol;
        Ordinal = ordinal;
    }

    public HolderKind Kind { get; }

    public ISymbol? Symbol { get; }

    public int Ordinal { get; }

    public static Holder This { get; } = new(HolderKind.This, null, -1);

    public static Holder OfStatic(ISymbol storage) => new(HolderKind.Static, storage.OriginalDefinition, -1);

    public static Holder OfParameter(int ordinal) => new(HolderKind.Parameter, null, ordinal);

    public static Holder OfFieldValue(ISymbol member) => new(HolderKind.FieldValue, member.OriginalDefinition, -1);

    public static Holder OfReturned(IMethodSymbol method) => new(HolderKind.Returned, method.OriginalDefinition, -1);

    public bool Equals(Holder other)
        => Kind == other.Kind && Ordinal == other.Ordinal && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

    public override bool Equals(object? obj) => obj is Holder other && Equals(other);

    public override int GetHashCode()
        => ((int)Kind * 397) ^ Ordinal ^ (Symbol is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Symbol));

    public override string ToString() => Kind + (Symbol is null ? string.Empty : " " + Symbol.Name) + (Ordinal >= 0 ? " #" + Ordinal : string.Empty);
}
