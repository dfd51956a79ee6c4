using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// What one type's <c>CancellationTokenSource</c> fields are given, collected while the type is analysed: a loop that waits
/// for such a source's token (<see cref="TokenEndedLoops"/>) ends when its object is released only if the source is the
/// type's own — every value a plain <c>new CancellationTokenSource()</c>, not linked to a caller's token nor timed — and
/// only the release path cancels it.
/// </summary>
internal sealed class TokenSourceFields
{
    private static readonly string[] CancelNames = { "Cancel", "CancelAsync", "CancelAfter" };

    private readonly INamedTypeSymbol _type;
    private readonly INamedTypeSymbol? _source;
    private readonly ConcurrentBag<(IFieldSymbol Field, bool IsOwn)> _values = new();

    public TokenSourceFields(INamedTypeSymbol type, INamedTypeSymbol? source)
    {
        _type = type;
        _source = source;
    }

    public void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IFieldReferenceOperation { Field: var field })
        {
            Record(field, assignment.Value);
        }
    }

    public void OnInitializer(OperationAnalysisContext context)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            Record(field, initializer.Value);
        }
    }

    /// <summary>
    /// The field holds only sources the type creates plainly, nothing hands it out, and it is cancelled somewhere outside
    /// the constructors, always on the type's release path.
    /// </summary>
    public bool IsCancelledOnlyWhenReleased(IFieldSymbol field, TypeReleaseFacts facts)
    {
        var values = _values.Where(v => SymbolEqualityComparer.Default.Equals(v.Field, field)).ToList();
        if (values.Count == 0 || values.Any(v => !v.IsOwn) || facts.Escapes(field))
        {
            return false;
        }

        var cancels = facts.UsesOf(field).Where(u => CancelNames.Contains(u.Member.Name)).ToList();
        return cancels.Count > 0 && cancels.All(u => facts.IsOnReleasePath(u.Where, u.InUnloadingHandler, creator: null));
    }

    private void Record(IFieldSymbol field, IOperation value)
    {
        if (field.IsStatic || _source is null || !SymbolEqualityComparer.Default.Equals(field.Type, _source)
            || !SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, _type.OriginalDefinition))
        {
            return;
        }

        var isOwn = OperationWalk.Innermost(value) is IObjectCreationOperation { Arguments.Length: 0 };
        _values.Add((field.OriginalDefinition, isOwn));
    }
}
