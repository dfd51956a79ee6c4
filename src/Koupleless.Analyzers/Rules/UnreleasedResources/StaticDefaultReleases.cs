using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Resources that their object stops only when it is released — KPL3002's threads that end on release, KPL3001's timers
/// disposed only by the object's <c>Dispose</c> — on the object a static default holds (<see cref="StaticDefaults"/>):
/// directly, or through the instance field of another type's static default that creates it in its constructor
/// (ApplicationInsights' <c>SelfDiagnosticsInitializer.Instance</c> owns the refresher whose task polls until disposed).
/// Reported at the compilation's end unless some code of the compilation calls a release method (<c>Dispose</c>,
/// <c>Close</c>, <c>Stop</c>…) on a static of that type — the library's own shutdown, or the module's Unloading handler
/// disposing the default. A release inside a <c>ProcessExit</c> handler does not count: that event never fires when a
/// module unloads; nor does a release handed on as a method group (FirebirdClient registers its pool manager's
/// <c>Dispose</c> for <c>DomainUnload</c>, which fires only when the process ends).
/// </summary>
internal sealed class StaticDefaultReleases
{
    private static readonly ImmutableHashSet<string> ReleaseNames =
        ImmutableHashSet.Create("Dispose", "DisposeAsync", "Close", "CloseAsync", "Stop", "StopAsync", "Shutdown", "ShutdownAsync");

    private readonly ProcessExitHandlers _exitHandlers;
    private readonly ConcurrentDictionary<ITypeSymbol, byte> _released = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(INamedTypeSymbol Owned, INamedTypeSymbol Owner)> _owned = new();
    private readonly ConcurrentBag<Pending> _resources = new();

    public StaticDefaultReleases(ProcessExitHandlers exitHandlers) => _exitHandlers = exitHandlers;

    /// <summary>
    /// A resource of <paramref name="type"/>'s objects, reported with <paramref name="rule"/>, whose message takes
    /// <paramref name="arguments"/> and then the static default's name; <paramref name="staticDefault"/> null: the
    /// default of an owner, if any.
    /// </summary>
    public void Add(INamedTypeSymbol type, Location location, DiagnosticDescriptor rule, ISymbol? staticDefault, params string[] arguments)
        => _resources.Add(new Pending(type, location, rule, staticDefault, arguments));

    /// <summary>Follows releases, owned objects and reports for the compilation of <paramref name="context"/>.</summary>
    public void Register(CompilationStartAnalysisContext context)
    {
        context.RegisterOperationAction(OnRelease, OperationKind.Invocation);
        context.RegisterCompilationEndAction(ReportUnreleased);
    }

    private void OnRelease(OperationAnalysisContext context)
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

    private void ReportUnreleased(CompilationAnalysisContext context)
    {
        foreach (var resource in _resources)
        {
            var type = resource.Type;
            var (holder, name) = resource.Default is not null ? (type, resource.Default) : OwnerDefault(type, context.CancellationToken);
            if (name is not null && !_released.ContainsKey(holder.OriginalDefinition) && !_released.ContainsKey(type.OriginalDefinition))
            {
                var arguments = resource.Arguments.Concat(new[] { UserMemberNames.Of(name) }).ToArray<object?>();
                context.ReportDiagnostic(Diagnostic.Create(resource.Rule, resource.Location, arguments));
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

    private sealed record Pending(INamedTypeSymbol Type, Location Location, DiagnosticDescriptor Rule, ISymbol? Default, string[] Arguments);
}
