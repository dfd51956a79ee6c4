using System;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// One source of module-derived values in the space of one method: a parameter (by ordinal) or a type parameter in
/// scope (the method's own or a containing type's). In a member a module can call, every origin is the module's.
/// </summary>
internal readonly struct Origin : IEquatable<Origin>
{
    private Origin(int parameter, ITypeParameterSymbol? typeParameter)
    {
        Parameter = parameter;
        TypeParameter = typeParameter;
    }

    /// <summary>The parameter ordinal; -1 for a type parameter; <see cref="ThisOrdinal"/> for the object the method runs on.</summary>
    public int Parameter { get; }

    /// <summary>
    /// The instance a method runs on, and what it holds: in a member a module calls on its own object (one it created,
    /// or a subclass of its own) that object is the module's.
    /// </summary>
    public const int ThisOrdinal = -2;

    public static Origin This { get; } = new(ThisOrdinal, null);

    public bool IsThis => Parameter == ThisOrdinal;

    public ITypeParameterSymbol? TypeParameter { get; }

    public static Origin OfParameter(int ordinal) => new(ordinal, null);

    public static Origin OfTypeParameter(ITypeParameterSymbol typeParameter) => new(-1, (ITypeParameterSymbol)typeParameter.OriginalDefinition);

    public bool Equals(Origin other)
        => Parameter == other.Parameter && SymbolEqualityComparer.Default.Equals(TypeParameter, other.TypeParameter);

    public override bool Equals(object? obj) => obj is Origin other && Equals(other);

    public override int GetHashCode()
        => TypeParameter is null ? Parameter : SymbolEqualityComparer.Default.GetHashCode(TypeParameter);

    public override string ToString() => TypeParameter is not null ? TypeParameter.Name : IsThis ? "this" : "param#" + Parameter;
}
