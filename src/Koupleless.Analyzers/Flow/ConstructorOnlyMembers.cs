using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// The values a get-only auto-property of a model can hold when its constructors alone set it, each from one of their
/// parameters: those parameters' types. A union written as a record (Anthropic's
/// <c>BetaManagedAgentsMemoryListItem</c> with <c>object? Value { get; }</c>, set only by constructors taking the library's
/// sealed <c>BetaManagedAgentsMemory</c> or <c>BetaManagedAgentsMemoryPrefix</c>) holds only those, however its
/// <c>object</c> is declared: a closed union of the library's own types (LABELLING.md, stop 43; measured noise on held-out
/// set 22). Unknown (null) when anything else sets it: an initializer, a setter, or a constructor assigning something
/// other than its own parameter.
/// </summary>
internal static class ConstructorOnlyMembers
{
    public static IReadOnlyList<ITypeSymbol>? ValueTypes(ISymbol member, INamedTypeSymbol declaringType)
    {
        if (member is not IPropertySymbol { SetMethod: null, IsStatic: false } property || !IsAutoProperty(property, declaringType)
            || property.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null }))
        {
            return null;
        }

        var types = new List<ITypeSymbol>();
        foreach (var constructor in declaringType.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not ConstructorDeclarationSyntax syntax)
                {
                    continue;
                }

                foreach (var assignment in syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>().Where(a => Names(a.Left, property.Name)))
                {
                    var parameter = assignment.Right is IdentifierNameSyntax name
                        ? constructor.Parameters.FirstOrDefault(p => p.Name == name.Identifier.ValueText)
                        : null;
                    if (parameter is null)
                    {
                        return null;
                    }

                    types.Add(parameter.Type);
                }
            }
        }

        return types;
    }

    /// <summary>A get-only property with a compiler-made backing field: nothing but a constructor (or initializer) can set it.</summary>
    private static bool IsAutoProperty(IPropertySymbol property, INamedTypeSymbol declaringType)
        => declaringType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    private static bool Names(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
        _ => false,
    };
}
