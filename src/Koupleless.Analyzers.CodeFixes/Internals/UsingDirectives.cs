using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>Adds <c>using</c> directives a fix needs, in sorted position (System first), unless already imported.</summary>
internal static class UsingDirectives
{
    public static CompilationUnitSyntax Ensure(CompilationUnitSyntax root, IEnumerable<string> namespaces, Compilation compilation)
    {
        var globalUsings = compilation.SyntaxTrees
            .SelectMany(t => t.GetCompilationUnitRoot().Usings)
            .Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None))
            .Select(u => u.Name?.ToString());
        var imported = new HashSet<string?>(root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None))
            .Select(u => u.Name?.ToString())
            .Concat(globalUsings));

        foreach (var name in namespaces.Where(n => !imported.Contains(n)))
        {
            root = Add(root, name);
        }

        return root;
    }

    private static CompilationUnitSyntax Add(CompilationUnitSyntax root, string name)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.EndOfLine("\n");
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(newLine);

        var usings = root.Usings;
        if (usings.Count == 0)
        {
            // Keep a file header above the new directive: it moves from the first member to the using.
            var first = root.Members.FirstOrDefault();
            if (first is null)
            {
                return root.AddUsings(directive);
            }

            var header = first.GetLeadingTrivia();
            return root.ReplaceNode(first, first.WithLeadingTrivia(newLine))
                .WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(header)));
        }

        var index = 0;
        while (index < usings.Count && Compare(usings[index], name) < 0)
        {
            index++;
        }

        if (index == 0)
        {
            // The first directive carries the file's leading trivia (header comments): the new one takes it over.
            var first = usings[0];
            return root.WithUsings(usings.Replace(first, first.WithLeadingTrivia()).Insert(0, directive.WithLeadingTrivia(first.GetLeadingTrivia())));
        }

        return root.WithUsings(usings.Insert(index, directive));
    }

    /// <summary>System namespaces first, then ordinal; aliases, statics and global usings keep their place after.</summary>
    private static int Compare(UsingDirectiveSyntax existing, string name)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
        {
            return existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) ? -1 : 1;
        }

        var other = existing.Name?.ToString() ?? string.Empty;
        var otherIsSystem = other == "System" || other.StartsWith("System.", System.StringComparison.Ordinal);
        var nameIsSystem = name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal);
        if (otherIsSystem != nameIsSystem)
        {
            return otherIsSystem ? -1 : 1;
        }

        return string.CompareOrdinal(other, name);
    }
}
