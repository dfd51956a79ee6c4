using System.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Members another assembly calls: an override of a virtual member declared elsewhere (<c>TypeConverter.GetProperties</c>)
/// or the implementation of an interface member declared elsewhere. Their arguments are what that assembly chose.
/// </summary>
internal static class FrameworkCallbacks
{
    public static bool IsCalledByAnotherAssembly(IMethodSymbol method)
    {
        var own = method.ContainingAssembly;
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (!SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, own))
            {
                return true;
            }
        }

        if (method.ExplicitInterfaceImplementations.Any(m => !SymbolEqualityComparer.Default.Equals(m.ContainingAssembly, own)))
        {
            return true;
        }

        var type = method.ContainingType;
        return type is not null && type.AllInterfaces
            .Where(i => !SymbolEqualityComparer.Default.Equals(i.ContainingAssembly, own))
            .SelectMany(i => i.GetMembers(method.Name).OfType<IMethodSymbol>())
            .Any(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m), method));
    }
}
