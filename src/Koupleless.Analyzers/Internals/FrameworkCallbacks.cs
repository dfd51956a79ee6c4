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
        => MembersStoodFor.Of(method).Any(m => !SymbolEqualityComparer.Default.Equals(m.ContainingAssembly, method.ContainingAssembly));
}
