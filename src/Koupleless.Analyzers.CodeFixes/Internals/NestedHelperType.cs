using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Internals;

/// <summary>
/// A helper type a fix needs (the per-load-context holder, the serialization binder, the cache release) added as a
/// member of the type it serves, in the same document, when the project does not reference Koupleless.Adapters. A new
/// document would need a <c>Compile</c> item, which MSBuildWorkspace writes into SDK-style projects and so breaks their
/// build (NETSDK1022): a fix never adds a document.
/// </summary>
internal static class NestedHelperType
{
    /// <summary>
    /// Parses <paramref name="template"/> (a type declaration written at column 0, lines separated by \n) as the last
    /// member of <paramref name="part"/>, indented like the part's members, with the document's line ends and a blank
    /// line before it. The helper is written with nullable annotations: it opens a nullable context that
    /// <see cref="AddTo"/> restores after it, so it compiles without warnings in any file.
    /// </summary>
    public static MemberDeclarationSyntax Declaration(string template, TypeDeclarationSyntax part)
    {
        var newLine = NewLineOf(part);
        var indentation = MemberIndentation(part);
        var lines = template.Replace("\r\n", "\n").TrimEnd('\n').Split('\n')
            .Select(line => line.Length == 0 ? line : indentation + line);
        var text = "#nullable enable" + newLine + string.Join(newLine, lines) + newLine;
        var member = SyntaxFactory.ParseMemberDeclaration(text)
            ?? throw new InvalidOperationException("The helper template does not parse as a member.");
        return member.WithLeadingTrivia(member.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(newLine)));
    }

    /// <summary>Adds <paramref name="helper"/> after the last member of <paramref name="part"/>.</summary>
    public static TypeDeclarationSyntax AddTo(TypeDeclarationSyntax part, MemberDeclarationSyntax helper)
    {
        if (part.Members.Count == 0)
        {
            // "class C { }" on one line: the helper needs the braces on lines of their own.
            var newLine = NewLineOf(part);
            var closeIndentation = part.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            part = part.WithOpenBraceToken(part.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine)))
                .WithCloseBraceToken(part.CloseBraceToken.WithLeadingTrivia(closeIndentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(closeIndentation)));
            helper = helper.WithLeadingTrivia(helper.GetLeadingTrivia().Skip(1));
        }

        var close = part.CloseBraceToken;
        var restore = SyntaxFactory.ParseLeadingTrivia("#nullable restore" + NewLineOf(part));
        return part.AddMembers(helper).WithCloseBraceToken(close.WithLeadingTrivia(restore.AddRange(close.LeadingTrivia)));
    }

    /// <summary>A type parameter name no enclosing type uses (CS0693 warns when a nested type parameter hides one).</summary>
    public static string FreeTypeParameterName(INamedTypeSymbol? enclosing, string preferred)
    {
        var taken = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        for (var type = enclosing; type is not null; type = type.ContainingType)
        {
            taken.UnionWith(type.TypeParameters.Select(p => p.Name));
        }

        var candidate = preferred;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = preferred + i;
        }

        return candidate;
    }

    /// <summary>Whether code anywhere in the assembly can reach a member of <paramref name="type"/> (a module initializer must be).</summary>
    public static bool IsReachableFromAssembly(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static string MemberIndentation(TypeDeclarationSyntax part)
    {
        var member = part.Members.FirstOrDefault();
        var whitespace = member?.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        if (whitespace is { } found && found.IsKind(SyntaxKind.WhitespaceTrivia))
        {
            return found.ToString();
        }

        var own = part.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var unit = own.ToString().Contains("\t") ? "\t" : "    ";
        return own.ToString() + unit;
    }

    private static string NewLineOf(SyntaxNode node)
    {
        var endOfLine = node.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine.ToString() : "\n";
    }
}
