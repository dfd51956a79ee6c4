using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>Whether an operation belongs to a lambda or local function rather than to the body around it.</summary>
internal static class NestedFunctions
{
    /// <summary>
    /// True when a lambda or local function lies between <paramref name="operation"/> and <paramref name="within"/>
    /// (the operation's whole tree when null): such code may run elsewhere and later, so what holds for the
    /// enclosing body (its scopes, its branches, that it runs once while a type is initialised) does not hold for it.
    /// </summary>
    public static bool IsInNestedFunction(IOperation operation, IOperation? within = null)
    {
        for (var current = operation.Parent; current is not null && current != within; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
