using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Koupleless.Analyzers.Tests.Robustness;

/// <summary>
/// Deterministic ways to break a source the way typing does: the file cut off before a token (every prefix an
/// editor passes through while the file is typed top to bottom), and one token deleted (a half-edited line).
/// </summary>
public static class SourceMutations
{
    public sealed record Mutation(string Name, string Source);

    /// <param name="step">Every <paramref name="step"/>-th token boundary from <paramref name="offset"/> (step 1 = all of them).</param>
    public static IEnumerable<Mutation> PrefixCuts(string source, int step, int offset)
    {
        var tokens = Tokens(source);
        for (var i = offset; i < tokens.Count; i += step)
        {
            yield return new Mutation($"cut before token {i} '{tokens[i].Text}' (offset {tokens[i].Start})", source.Substring(0, tokens[i].Start));
        }
    }

    /// <param name="step">Deletes every <paramref name="step"/>-th token, starting at <paramref name="offset"/>, one deletion per mutation.</param>
    public static IEnumerable<Mutation> TokenDeletions(string source, int step, int offset)
    {
        var tokens = Tokens(source);
        for (var i = offset; i < tokens.Count; i += step)
        {
            yield return new Mutation($"token {i} '{tokens[i].Text}' deleted (offset {tokens[i].Start})", source.Remove(tokens[i].Start, tokens[i].Text.Length));
        }
    }

    private static List<(int Start, string Text)> Tokens(string source) => CSharpSyntaxTree.ParseText(source).GetRoot()
        .DescendantTokens(descendIntoTrivia: false)
        .Where(t => t.Span.Length > 0)
        .Select(t => (t.SpanStart, t.Text))
        .ToList();
}
