using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// Resolves a catalog line's symbol ID in a compilation: a documentation-comment ID (as the compiler writes them), or a
/// method group <c>M:Namespace.Type.Name(*)</c> — every method of that name of the type, whatever its parameters and
/// arity. A library with many overloads that all do the same thing (Flurl's <c>PostJsonAsync</c> on a request, a URL, a
/// string and a Uri, with parameters reordered between versions; Hangfire's 56 <c>AddOrUpdate</c>s) is one line, and
/// stays right when a version adds an overload.
/// </summary>
public static class CatalogSymbolIds
{
    public const string AnyOverload = "(*)";

    public static bool IsMethodGroup(string symbolId)
        => symbolId.StartsWith("M:", StringComparison.Ordinal) && symbolId.EndsWith(AnyOverload, StringComparison.Ordinal);

    public static ImmutableArray<ISymbol> Resolve(string symbolId, Compilation compilation)
    {
        if (!IsMethodGroup(symbolId))
        {
            return DocumentationCommentId.GetSymbolsForDeclarationId(symbolId, compilation);
        }

        var qualifiedName = symbolId.Substring(2, symbolId.Length - 2 - AnyOverload.Length);
        var dot = qualifiedName.LastIndexOf('.');
        if (dot <= 0 || dot == qualifiedName.Length - 1)
        {
            return ImmutableArray<ISymbol>.Empty;
        }

        var methodName = qualifiedName.Substring(dot + 1);
        var methods = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var type in DocumentationCommentId.GetSymbolsForDeclarationId("T:" + qualifiedName.Substring(0, dot), compilation))
        {
            if (type is INamedTypeSymbol named)
            {
                foreach (var member in named.GetMembers(methodName))
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
                    {
                        methods.Add(member);
                    }
                }
            }
        }

        return methods.ToImmutable();
    }
}
