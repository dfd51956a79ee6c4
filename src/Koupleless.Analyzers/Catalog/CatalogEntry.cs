namespace Koupleless.Analyzers.Catalog;

/// <summary>One line of a hazard catalog: "RULE-ID | SYMBOL-ID | reason [| adapter hint]".</summary>
/// <param name="RuleId">The catalog-driven rule the line feeds, e.g. KPL1003.</param>
/// <param name="SymbolId">A documentation-comment ID (M:, P:, E:, F: or T:), as BannedSymbols.txt uses.</param>
/// <param name="Reason">Why using the symbol is a hazard; it becomes part of the diagnostic message.</param>
/// <param name="Hint">The adapter pattern to apply instead, if any.</param>
/// <param name="Source">The catalog file the line comes from (a resource name for the embedded default).</param>
/// <param name="Line">The 1-based line number in <paramref name="Source"/>.</param>
public sealed record CatalogEntry(string RuleId, string SymbolId, string Reason, string? Hint, string Source, int Line);
