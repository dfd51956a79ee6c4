using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Catalog;

/// <summary>A use of a catalog-listed symbol found in an operation.</summary>
/// <param name="Operation">The operation that uses the symbol (invocation, property write, event subscription, ...).</param>
/// <param name="Symbol">The catalog symbol (for accessors: the accessor method).</param>
/// <param name="Entry">The catalog line that listed it.</param>
public readonly record struct CatalogMatch(IOperation Operation, ISymbol Symbol, CatalogEntry Entry);
