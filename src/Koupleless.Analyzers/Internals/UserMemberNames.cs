using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>Members named in messages the way a user finds them in the code.</summary>
internal static class UserMemberNames
{
    /// <summary><c>Type.Method</c>, a property for its accessors, <c>Type.Type</c> for a constructor.</summary>
    public static string Of(ISymbol owner)
    {
        var type = owner.ContainingType?.Name ?? "";
        var name = owner switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => type,
            IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
            _ => owner.Name,
        };
        return type + "." + name;
    }
}
