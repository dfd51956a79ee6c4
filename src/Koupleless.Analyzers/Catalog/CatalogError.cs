using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Catalog;

/// <summary>A catalog line that could not be read; the rest of the file still applies.</summary>
public sealed record CatalogError(string Source, int Line, TextSpan Span, LinePositionSpan LineSpan, string Message);
