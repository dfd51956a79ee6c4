using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Catalog;

/// <summary>A use of a catalog-listed symbol found in an operation.</summary>
/// <param name="Operation">The operation that uses the symbol (invocation, property write, event subscription, ...).</param>
/// <param name="Symbol">The catalog symbol (for accessors: the accessor method).</param>
/// <param name="Entry">The catalog line that listed it.</param>
/// <param name="Role">The role of the code being analyzed (where it runs in the base).</param>
/// <param name="CancellationToken">The analysis's token, for rule conditions that read more code than the operation.</param>
public readonly record struct CatalogMatch(IOperation Operation, ISymbol Symbol, CatalogEntry Entry, KouplelessRole Role, CancellationToken CancellationToken);
