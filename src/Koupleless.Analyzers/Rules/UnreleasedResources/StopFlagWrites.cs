using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Where each <c>bool</c> field of one type is set, collected while the type is analysed: a loop that waits for such a
/// flag (<see cref="ReleaseEndedLoops"/>) ends when its object is released only if nothing else sets it.
/// </summary>
internal sealed class StopFlagWrites
{
    private readonly INamedTypeSymbol _type;
    private readonly ConcurrentBag<(IFieldSymbol Flag, ISymbol Where)> _writes = new();

    public StopFlagWrites(INamedTypeSymbol type) => _type = type;

    public void OnWrite(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IFieldReferenceOperation { Field: { IsStatic: false, Type.SpecialType: SpecialType.System_Boolean } field }
            && SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, _type.OriginalDefinition))
        {
            _writes.Add((field.OriginalDefinition, context.ContainingSymbol));
        }
    }

    /// <summary>
    /// Every flag is set somewhere outside the constructors, and only on the type's release path (Dispose and what it
    /// calls): the loop then runs until the object is released, and no sooner.
    /// </summary>
    public bool AreSetOnlyWhenReleased(ImmutableArray<IFieldSymbol> flags, TypeReleaseFacts facts)
        => flags.All(flag =>
        {
            var writes = _writes
                .Where(w => SymbolEqualityComparer.Default.Equals(w.Flag, flag) && w.Where is not IMethodSymbol { MethodKind: MethodKind.Constructor })
                .ToList();
            return writes.Count > 0 && writes.All(w => facts.IsOnReleasePath(w.Where, inUnloadingHandler: false, creator: null));
        });
}
