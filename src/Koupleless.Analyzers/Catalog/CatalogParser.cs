using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// Reads the line format documented in docs/catalog.md:
/// <code>RULE-ID | SYMBOL-ID | reason [| adapter hint]</code>
/// Blank lines and lines starting with '#' are ignored. A bad line becomes a <see cref="CatalogError"/>
/// naming its line; it never stops the other lines from applying.
/// </summary>
public static class CatalogParser
{
    private static readonly string[] SymbolPrefixes = { "M:", "P:", "E:", "F:", "T:" };

    /// <param name="knownRuleIds">The catalog-driven rule IDs a line may name.</param>
    public static ParsedCatalog Parse(string source, SourceText text, ImmutableHashSet<string> knownRuleIds)
    {
        var entries = ImmutableArray.CreateBuilder<CatalogEntry>();
        var errors = ImmutableArray.CreateBuilder<CatalogError>();

        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var trimmed = content.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var lineNumber = line.LineNumber + 1;
            var problem = TryParseLine(trimmed, knownRuleIds, source, lineNumber, out var entry);
            if (problem is null)
            {
                entries.Add(entry!);
            }
            else
            {
                errors.Add(new CatalogError(source, lineNumber, line.Span, text.Lines.GetLinePositionSpan(line.Span), problem));
            }
        }

        return new ParsedCatalog(entries.ToImmutable(), errors.ToImmutable());
    }

    private static string? TryParseLine(string line, ImmutableHashSet<string> knownRuleIds, string source, int lineNumber, out CatalogEntry? entry)
    {
        entry = null;
        var fields = line.Split('|');
        if (fields.Length is < 3 or > 4)
        {
            return $"expected 'RULE-ID | SYMBOL-ID | reason [| adapter hint]' but found {fields.Length} field(s)";
        }

        var ruleId = fields[0].Trim();
        var symbolId = fields[1].Trim();
        var reason = fields[2].Trim();
        var hint = fields.Length == 4 ? fields[3].Trim() : null;

        if (!IsRuleIdShape(ruleId))
        {
            return $"'{ruleId}' is not a rule ID (expected KPL followed by four digits)";
        }

        if (!knownRuleIds.Contains(ruleId))
        {
            return $"'{ruleId}' is not a catalog-driven rule (one of {string.Join(", ", Sorted(knownRuleIds))})";
        }

        var symbolProblem = CheckSymbolId(symbolId);
        if (symbolProblem is not null)
        {
            return symbolProblem;
        }

        if (reason.Length == 0)
        {
            return "the reason field is empty: say why the symbol is a hazard";
        }

        entry = new CatalogEntry(ruleId, symbolId, reason, string.IsNullOrEmpty(hint) ? null : hint, source, lineNumber);
        return null;
    }

    private static bool IsRuleIdShape(string ruleId)
    {
        if (ruleId.Length != 7 || !ruleId.StartsWith("KPL", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 3; i < 7; i++)
        {
            if (ruleId[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckSymbolId(string symbolId)
    {
        var hasPrefix = false;
        foreach (var prefix in SymbolPrefixes)
        {
            hasPrefix |= symbolId.StartsWith(prefix, StringComparison.Ordinal);
        }

        if (!hasPrefix || symbolId.Length <= 2)
        {
            return $"'{symbolId}' is not a documentation-comment ID (expected M:, P:, E:, F: or T: and a name)";
        }

        if (symbolId.EndsWith(CatalogSymbolIds.AnyOverload, StringComparison.Ordinal) && !CatalogSymbolIds.IsMethodGroup(symbolId))
        {
            return $"'{symbolId}': only a method (M:) can name every overload with {CatalogSymbolIds.AnyOverload}";
        }

        var depth = 0;
        foreach (var c in symbolId)
        {
            if (char.IsWhiteSpace(c))
            {
                return $"'{symbolId}' contains white space; documentation-comment IDs have none";
            }

            depth += c switch { '(' or '[' or '{' => 1, ')' or ']' or '}' => -1, _ => 0 };
            if (depth < 0)
            {
                break;
            }
        }

        return depth == 0 ? null : $"'{symbolId}' has unbalanced brackets";
    }

    private static List<string> Sorted(ImmutableHashSet<string> ids)
    {
        var list = new List<string>(ids);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
