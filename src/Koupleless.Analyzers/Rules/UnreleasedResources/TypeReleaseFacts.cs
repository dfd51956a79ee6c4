using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The "release set" of one type, built from its IOperation trees while the type is analysed: which members
/// are used on which fields and locals, where, and which of the type's methods run when it is released.
/// A release counts when it runs on a release path: the type's <c>Dispose</c>/<c>DisposeAsync</c> (any overload),
/// <c>IHostedService.StopAsync</c> (the module's host stops before uninstall), a public <c>Close</c>/<c>Shutdown</c>
/// (a library's documented shutdown), a handler of the module's
/// <c>AssemblyLoadContext.Unloading</c> (lambda or method), any method of the type those call (transitively), or
/// the member that created the resource itself (a resource released before the member returns).
/// </summary>
internal sealed class TypeReleaseFacts
{
    private readonly INamedTypeSymbol _type;
    private readonly Func<ITypeSymbol?, bool> _isTrackedType;
    private readonly Func<IOperation, bool>? _isFollowedByRule;
    private readonly ConcurrentBag<ResourceUse> _uses = new();
    private readonly ConcurrentBag<(ISymbol Caller, IMethodSymbol Callee)> _calls = new();
    private readonly ConcurrentBag<IMethodSymbol> _unloadingRoots = new();
    private readonly ConcurrentDictionary<ISymbol, bool> _escaped = new(SymbolEqualityComparer.Default);
    private HashSet<ISymbol>? _releasePath;
    private HashSet<ISymbol>? _unloadingPath;

    private TypeReleaseFacts(INamedTypeSymbol type, Func<ITypeSymbol?, bool> isTrackedType, Func<IOperation, bool>? isFollowedByRule)
    {
        _type = type;
        _isTrackedType = isTrackedType;
        _isFollowedByRule = isFollowedByRule;
    }

    /// <summary>Starts collecting for the type of <paramref name="context"/>; read the facts in a symbol-end action.</summary>
    /// <param name="isTrackedType">The resource types whose fields and locals the rule follows (others are ignored).</param>
    /// <param name="isFollowedByRule">Reads that would count as a hand-off but that the rule follows itself (a GC handle's cookie).</param>
    public static TypeReleaseFacts Collect(
        SymbolStartAnalysisContext context, Func<ITypeSymbol?, bool> isTrackedType, Func<IOperation, bool>? isFollowedByRule = null)
    {
        var facts = new TypeReleaseFacts((INamedTypeSymbol)context.Symbol, isTrackedType, isFollowedByRule);
        context.RegisterOperationAction(facts.OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(facts.OnAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(facts.OnEventAssignment, OperationKind.EventAssignment);
        context.RegisterOperationAction(facts.OnReference, OperationKind.FieldReference, OperationKind.LocalReference);
        return facts;
    }

    public IEnumerable<ResourceUse> UsesOf(ISymbol target)
        => _uses.Where(u => SymbolEqualityComparer.Default.Equals(u.Target, target));

    /// <summary>Whether a read of the field or local hands it to other code (returned, passed on, copied).</summary>
    public bool Escapes(ISymbol target) => _escaped.ContainsKey(target);

    /// <summary>Whether a use satisfying <paramref name="isRelease"/> runs on a release path of the type or in <paramref name="creator"/>.</summary>
    public bool IsReleased(ISymbol target, ISymbol? creator, Func<ResourceUse, bool> isRelease)
        => UsesOf(target).Any(u => isRelease(u) && IsOnReleasePath(u.Where, u.InUnloadingHandler, creator));

    public bool IsOnReleasePath(ISymbol where, bool inUnloadingHandler, ISymbol? creator)
        => inUnloadingHandler
            || SymbolEqualityComparer.Default.Equals(where, creator)
            || ReleasePath().Contains(where);

    /// <summary>
    /// Whether a use satisfying <paramref name="isRelease"/> runs without the type's object being released: in
    /// <paramref name="creator"/>, or in (or from) a handler of the module's Unloading event. A timer released only
    /// otherwise lives as long as its object: for ever, when a static default holds the object and nothing disposes it.
    /// </summary>
    public bool IsReleasedWithoutItsObject(ISymbol target, ISymbol? creator, Func<ResourceUse, bool> isRelease)
        => UsesOf(target).Any(u => isRelease(u)
            && (u.InUnloadingHandler || SymbolEqualityComparer.Default.Equals(u.Where, creator) || UnloadingPath().Contains(u.Where)));

    private HashSet<ISymbol> ReleasePath()
        => _releasePath ??= CalledFrom(_type.GetMembers().OfType<IMethodSymbol>().Where(IsReleaseMethod).Concat<ISymbol>(_unloadingRoots));

    private HashSet<ISymbol> UnloadingPath() => _unloadingPath ??= CalledFrom(_unloadingRoots);

    /// <summary>The roots and the methods of the type they call, transitively.</summary>
    private HashSet<ISymbol> CalledFrom(IEnumerable<ISymbol> roots)
    {
        var path = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<ISymbol>(roots);
        var calls = _calls.ToArray();
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            if (!path.Add(current))
            {
                continue;
            }

            foreach (var call in calls)
            {
                if (SymbolEqualityComparer.Default.Equals(call.Caller, current))
                {
                    pending.Enqueue(call.Callee);
                }
            }
        }

        return path;
    }

    /// <summary>
    /// Dispose, the host's StopAsync, and the lifecycle methods of a library: <c>Close</c> (the .NET synonym of
    /// Dispose), <c>Shutdown</c> (log4net's <c>LogManager.Shutdown()</c> unsubscribes ProcessExit there: measured on the
    /// Module pass of real libraries) and <c>Stop</c> (a started component's: MassTransit's <c>JobService.Stop</c>, called
    /// by its bus observer when the bus stops). Not private: a public one is what the module calls when it stops, an
    /// internal one what the library's own owner calls when it is disposed (Npgsql's data source closes its connectors
    /// through the internal <c>NpgsqlConnector.Close()</c>; both measured as wrong reports on released packages). A
    /// private one is a release path only when one of these reaches it.
    /// </summary>
    private static bool IsReleaseMethod(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation
            && (method.Name is "Dispose" or "DisposeAsync" or "StopAsync"
                || method.Name.EndsWith(".Dispose", StringComparison.Ordinal)
                || method.Name.EndsWith(".DisposeAsync", StringComparison.Ordinal)
                || method.Name.EndsWith(".StopAsync", StringComparison.Ordinal)
                || (method.DeclaredAccessibility != Accessibility.Private && method.Name is "Close" or "CloseAsync" or "Shutdown" or "ShutdownAsync" or "Stop"));

    private void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var inUnloading = UnloadingHandlers.IsInsideUnloadingHandler(invocation);
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
        {
            if (inUnloading)
            {
                _unloadingRoots.Add(method.OriginalDefinition);
            }
            else
            {
                _calls.Add((context.ContainingSymbol, method.OriginalDefinition));
            }
        }

        if (OperationWalk.TrackedSymbol(invocation.Instance) is { } target)
        {
            _uses.Add(new ResourceUse(target, method, invocation, context.ContainingSymbol, inUnloading));
        }
    }

    private void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation property && OperationWalk.TrackedSymbol(property.Instance) is { } target)
        {
            _uses.Add(new ResourceUse(target, property.Property, assignment, context.ContainingSymbol, UnloadingHandlers.IsInsideUnloadingHandler(assignment)));
        }
    }

    private void OnEventAssignment(OperationAnalysisContext context)
    {
        var assignment = (IEventAssignmentOperation)context.Operation;
        if (UnloadingHandlers.IsUnloadingSubscription(assignment) && UnloadingHandlers.MethodGroupHandler(assignment) is { } handler
            && SymbolEqualityComparer.Default.Equals(handler.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
        {
            _unloadingRoots.Add(handler);
        }
    }

    private void OnReference(OperationAnalysisContext context)
    {
        var reference = context.Operation;
        if (!_isTrackedType(reference.Type))
        {
            return;
        }

        var symbol = reference switch
        {
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            ILocalReferenceOperation local => (ISymbol)local.Local,
            _ => null,
        };
        if (symbol is not null && OperationWalk.IsEscapingRead(reference) && _isFollowedByRule?.Invoke(reference) != true)
        {
            _escaped.TryAdd(symbol, true);
        }
    }
}
