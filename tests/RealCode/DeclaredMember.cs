using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.RealCode;

/// <summary>
/// The type and member a source finding lies in, named as `koupleless packages` names them for decompiled code
/// ("Namespace.Outer.Inner`1" and the member's metadata name: ".ctor", ".cctor", "Item" for an indexer, a lambda or
/// local function as the member that declares it, an accessor as its property), so both can be compared. Read from
/// the syntax alone: the names need no binding.
/// </summary>
internal static class DeclaredMember
{
    private static readonly Dictionary<string, (SyntaxTree Tree, SourceText Text)> Trees = new();

    /// <param name="symbols">The project's preprocessor symbols: a member inside an inactive #if is not a declaration.</param>
    public static (string Type, string Member) Of(string file, int line, int column, IEnumerable<string> symbols)
    {
        if (!Trees.TryGetValue(file, out var parsed))
        {
            var text = SourceText.From(File.ReadAllText(file));
            parsed = (CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: symbols)), text);
            Trees[file] = parsed;
        }

        if (line < 1 || line > parsed.Text.Lines.Count)
        {
            return (string.Empty, string.Empty);
        }

        var position = parsed.Text.Lines[line - 1].Start + System.Math.Max(0, column - 1);
        var member = string.Empty;
        for (var node = parsed.Tree.GetRoot().FindToken(position).Parent; node is not null; node = node.Parent)
        {
            if (member.Length == 0 && MemberName(node) is { } name)
            {
                member = name;
            }
            else if (node is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            {
                return (TypeName(node), member);
            }
        }

        return (string.Empty, string.Empty);
    }

    private static string? MemberName(SyntaxNode node) => node switch
    {
        VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } declarator => declarator.Identifier.ValueText,
        PropertyDeclarationSyntax property => Explicit(property.ExplicitInterfaceSpecifier) + property.Identifier.ValueText,
        IndexerDeclarationSyntax indexer => Explicit(indexer.ExplicitInterfaceSpecifier) + "Item",
        EventDeclarationSyntax @event => Explicit(@event.ExplicitInterfaceSpecifier) + @event.Identifier.ValueText,
        MethodDeclarationSyntax method => Explicit(method.ExplicitInterfaceSpecifier) + method.Identifier.ValueText,
        ConstructorDeclarationSyntax constructor => constructor.Modifiers.Any(SyntaxKind.StaticKeyword) ? ".cctor" : ".ctor",
        DestructorDeclarationSyntax => "Finalize",
        _ => null,
    };

    private static string Explicit(ExplicitInterfaceSpecifierSyntax? specifier)
        => specifier is null ? string.Empty : specifier.Name.ToString() + ".";

    private static string TypeName(SyntaxNode type)
    {
        var names = new Stack<string>();
        var namespaces = new Stack<string>();
        for (var node = type; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case TypeDeclarationSyntax t:
                    names.Push(WithArity(t.Identifier.ValueText, t.TypeParameterList));
                    break;
                case DelegateDeclarationSyntax d:
                    names.Push(WithArity(d.Identifier.ValueText, d.TypeParameterList));
                    break;
                case BaseTypeDeclarationSyntax e:
                    names.Push(e.Identifier.ValueText);
                    break;
                case BaseNamespaceDeclarationSyntax n:
                    namespaces.Push(n.Name.ToString());
                    break;
            }
        }

        var ns = string.Join(".", namespaces);
        return (ns.Length > 0 ? ns + "." : string.Empty) + string.Join(".", names);
    }

    private static string WithArity(string name, TypeParameterListSyntax? parameters)
        => parameters is { Parameters.Count: > 0 } ? $"{name}`{parameters.Parameters.Count}" : name;
}
