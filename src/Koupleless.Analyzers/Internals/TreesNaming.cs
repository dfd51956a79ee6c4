using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// The syntax trees of a compilation whose text contains one of some names: the cheap first step of a look-up that
/// must see the whole project (a handler subscribed in another file, a host built in Program.cs). Most files name
/// none of them, and a text search is far cheaper than walking their syntax.
/// </summary>
internal static class TreesNaming
{
    public static IEnumerable<SyntaxTree> Any(Compilation compilation, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = tree.GetText(cancellationToken).ToString();
            if (names.Any(name => text.IndexOf(name, StringComparison.Ordinal) >= 0))
            {
                yield return tree;
            }
        }
    }
}
