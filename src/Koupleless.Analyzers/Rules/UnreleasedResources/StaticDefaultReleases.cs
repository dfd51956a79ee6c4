using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3002 for threads that end when their object is released, started on the object a static default holds
/// (<see cref="StaticDefaults"/>) — directly, or through the instance field of another type's static default that creates
/// it in its constructor (ApplicationInsights' <c>SelfDiagnosticsInitializer.Instance</c> owns the refresher whose task
/// polls until disposed): reported at the compilation's end unless some code of the compilation calls a release method
/// (<c>Dispose</c>, <c>Close</c>, <c>Stop</c>…) on a static of that type — the library's own shutdown, or the module's
/// Unloading handler disposing the default. A release inside a <c>ProcessExit</c> handler does not count: that event
/// never fires when a module unloads.
/// </summary>
internal sealed class StaticDefaultThreads
{
    private static readonly ImmutableHashSet<string> ReleaseNames =
        ImmutableHashSet.Create("Dispose", "DisposeAsync", "Close", "CloseAsync", "Stop", "StopAsync", "Shutdown", "ShutdownAsync");

    private readonly ProcessExitHandlers _exitHandlers;
    private readonly ConcurrentDictionary<ITypeSymbol, byte> _released = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(INamedTypeSymbol Owned, INamedTypeSymbol Owner)> _owned = new();
    private readonly ConcurrentBag<(INamedTypeSymbol Type, Location Location, string Kind, ISymbol? Default)> _threads = new();

    public StaticDefaultThreads(ProcessExitHandlers exitHandlers) => _exitHandlers = exitHandlers;

    /// <summary>A thread of <paramref name="type"/>'s objects; <paramref name="staticDefault"/> null: the default of an owner, if any.</summary>
    public void Add(INamedTypeSymbol type, Location location, string kind, ISymbol? staticDefault)
        => _threads.Add((type, location, kind, staticDefault));

    public void OnRelease(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ReleaseNames.Contains(invocation.TargetMethod.Name) || _exitHandlers.RunsOnlyAtExit(invocation, context.ContainingSymbol))
        {
            return;
        }

        var heldType = OperationWalk.Innermost(invocation.Instance) switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true } field } => field.Type,
            IPropertyReferenceOperation { Property: { IsStatic: true } property } => property.Type,
            _ => null,
        };
        if (heldType is not null)
        {
            _released.TryAdd(heldType.OriginalDefinition, 0);
        }
    }

    /// <summary>An object a type creates for an instance field of its own, in a constructor or the field's initializer.</summary>
    public void OnOwnedCreation(OperationAnalysisContext context)
    {
        var (fields, value) = context.Operation switch
        {
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: IInstanceReferenceOperation } target } assignment
                when context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } => (ImmutableArray.Create(target.Field), assignment.Value),
            IFieldInitializerOperation initializer => (initializer.InitializedFields, initializer.Value),
            _ => (ImmutableArray<IFieldSymbol>.Empty, null),
        };
        if (OperationWalk.Innermost(value) is IObjectCreationOperation { Type: INamedTypeSymbol created })
        {
            foreach (var field in fields.Where(f => !f.IsStatic))
            {
                _owned.Add((created.OriginalDefinition, field.ContainingType.OriginalDefinition));
            }
        }
    }

    public void ReportUnreleased(CompilationAnalysisContext context)
    {
        foreach (var (type, location, kind, staticDefault) in _threads)
        {
            var (holder, name) = staticDefault is not null ? (type, staticDefault) : OwnerDefault(type, context.CancellationToken);
            if (name is not null && !_released.ContainsKey(holder.OriginalDefinition) && !_released.ContainsKey(type.OriginalDefinition))
            {
                context.ReportDiagnostic(Diagnostic.Create(UnreleasedResourceRules.StaticDefaultThreadRule, location, kind, UserMemberNames.Of(name)));
            }
        }
    }

    /// <summary>The static default of a type that creates an object of <paramref name="type"/> for one of its fields.</summary>
    private (INamedTypeSymbol Owner, ISymbol? Default) OwnerDefault(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var (owned, owner) in _owned)
        {
            if (SymbolEqualityComparer.Default.Equals(owned, type.OriginalDefinition)
                && StaticDefaults.Of(owner, cancellationToken) is { Count: > 0 } defaults)
            {
                return (owner, StaticDefaults.VisibleName(owner, defaults[0]));
            }
        }

        return (type, null);
    }
}
