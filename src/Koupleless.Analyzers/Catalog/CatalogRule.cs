using System;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// A rule whose hazardous APIs are data (catalog lines naming its ID) rather than code.
/// Adding an API to such a rule is a catalog line plus a test case, no new C#.
/// </summary>
/// <param name="Descriptor">
/// The rule's descriptor. Its message may use {0} (the symbol), {1} (the catalog line's reason) and {2} (its hint, or
/// <see cref="Rules.CatalogHazardAnalyzer.NoHint"/> when the line has none).
/// </param>
/// <param name="Roles">The roles whose code the rule applies to; part of the rule's documented contract.</param>
/// <param name="Applies">
/// Optional refinement evaluated on each match (for rules where only some uses are hazards); null reports every use.
/// </param>
public sealed record CatalogRule(DiagnosticDescriptor Descriptor, KouplelessRole Roles, Func<CatalogMatch, bool>? Applies = null)
{
    public string Id => Descriptor.Id;
}
