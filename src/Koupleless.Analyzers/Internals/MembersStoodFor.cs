using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// The members a method stands for: those it overrides, up the chain, and the interface members it implements (explicitly,
/// or implicitly by name). A caller that holds the base type or the interface reaches the method through any of them,
/// so "who can call this" is answered by looking at where they are declared: the flow's entry points (a member a module
/// can see) and the framework's callbacks (a member another assembly declares).
/// </summary>
internal static class MembersStoodFor
{
    public static IEnumerable<IMethodSymbol> Of(IMethodSymbol method)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            yield return overridden;
        }

        foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
        {
            yield return explicitImplementation;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            yield break;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (member is IMethodSymbol interfaceMethod
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method))
                {
                    yield return interfaceMethod;
                }
            }
        }
    }
}
