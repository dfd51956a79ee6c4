using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3003: <c>+=</c> of a module handler on an event of a process-global object — the events listed for KPL3003 in
/// rules/KouplelessHazards.UnreleasedResources.txt and every static event of a type from another assembly — with no
/// <c>-=</c> of the same handler on a release path of the subscribing type (see <see cref="TypeReleaseFacts"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GlobalEventSubscriptionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.GlobalEventSubscriptionRule, UnreleasedResourceRules.ForwardedGlobalEventSubscriptionRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if ((RoleReader.Read(context.Options) & UnreleasedResourceRules.Roles) == 0)
        {
            return;
        }

        var catalog = HazardCatalog.For(context.Compilation, context.Options, context.CancellationToken);
        var assembly = context.Compilation.Assembly;
        var forwarding = new ForwardingEvents();
        context.RegisterOperationAction(forwarding.CollectSubscription, OperationKind.EventAssignment);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, catalog, assembly, forwarding), SymbolKind.NamedType);
        context.RegisterCompilationEndAction(forwarding.ReportSubscribedThrough);
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, HazardCatalog catalog, IAssemblySymbol assembly, ForwardingEvents forwarding)
    {
        var facts = TypeReleaseFacts.Collect(context, static _ => false);
        var subscriptions = new ConcurrentBag<(IEventAssignmentOperation Assignment, string Reason, ISymbol Where)>();
        var removals = new ConcurrentBag<(IEventSymbol Event, ISymbol? Handler, ISymbol Where, bool InUnloading)>();
        context.RegisterOperationAction(
            c =>
            {
                var assignment = (IEventAssignmentOperation)c.Operation;
                if (assignment.EventReference is not IEventReferenceOperation reference)
                {
                    return;
                }

                if (!assignment.Adds)
                {
                    if (IsResubscribeGuard(assignment))
                    {
                        return; // `E -= h; E += h;`: never leaves the handler out, so it releases nothing
                    }

                    removals.Add((reference.Event.OriginalDefinition, HandlerKey(assignment), c.ContainingSymbol,
                        UnloadingHandlers.IsInsideUnloadingHandler(assignment)));
                }
                else if (GlobalReason(reference, catalog, assembly) is { } reason && !OtherRuntimeBranches.Contains(assignment))
                {
                    subscriptions.Add((assignment, reason, c.ContainingSymbol));
                }
            },
            OperationKind.EventAssignment);
        context.RegisterSymbolEndAction(end =>
        {
            var allRemovals = removals.ToArray();
            foreach (var (assignment, reason, where) in subscriptions)
            {
                var @event = ((IEventReferenceOperation)assignment.EventReference!).Event;
                var handler = HandlerKey(assignment);
                var removed = handler is not null && allRemovals.Any(r =>
                    SymbolEqualityComparer.Default.Equals(r.Event, @event.OriginalDefinition)
                    && SymbolEqualityComparer.Default.Equals(r.Handler, handler) && facts.IsOnReleasePath(r.Where, r.InUnloading, where));
                var arguments = new object[] { @event.ContainingType.Name + "." + @event.Name, reason };
                if (removed)
                {
                    continue;
                }

                // An accessor passing its subscribers' handlers on: the library's own subscriptions through it decide (below).
                if (allRemovals.Select(r => SymbolEqualityComparer.Default.Equals(r.Event, @event.OriginalDefinition)
                        ? ForwardingEvents.ForwardedBy(where, handler, r.Where, r.Handler) : null).FirstOrDefault(e => e is not null) is { } forwarded)
                {
                    forwarding.AddCandidate(forwarded, assignment.Syntax.GetLocation(), arguments);
                }
                else
                {
                    end.ReportDiagnostic(Diagnostic.Create(UnreleasedResourceRules.GlobalEventSubscriptionRule, assignment.Syntax.GetLocation(), arguments));
                }
            }
        });
    }

    /// <summary>Why the event outlives the module, or null when it is not process-global.</summary>
    private static string? GlobalReason(IEventReferenceOperation reference, HazardCatalog catalog, IAssemblySymbol assembly)
    {
        var @event = reference.Event;
        if (OperationWalk.Innermost(reference.Instance) is IInstanceReferenceOperation)
        {
            // A type subscribing to its own (inherited) event: the publisher is the module's own object.
            return null;
        }

        foreach (var entry in catalog.EntriesFor(@event))
        {
            if (entry.RuleId == RuleIds.GlobalEventSubscription)
            {
                return entry.Reason;
            }
        }

        if (@event.IsStatic && !SymbolEqualityComparer.Default.Equals(@event.ContainingAssembly, assembly))
        {
            return $"is a static event of '{@event.ContainingAssembly?.Name}', which lives as long as the process when the base shares it";
        }

        return null;
    }

    /// <summary>
    /// A removal whose next statement adds the same handler to the same event again: the guard against subscribing
    /// twice (Makaretu.Dns.Multicast's <c>NetworkChange.NetworkAddressChanged -= h; ... += h;</c>, a labelled miss of
    /// held-out set 19, where the guard counted as the subscribing member's own release).
    /// </summary>
    private static bool IsResubscribeGuard(IEventAssignmentOperation removal)
    {
        if (removal.Parent is not IExpressionStatementOperation statement || statement.Parent is not IBlockOperation block
            || removal.EventReference is not IEventReferenceOperation removed)
        {
            return false;
        }

        var index = block.Operations.IndexOf(statement);
        return index >= 0 && index + 1 < block.Operations.Length
            && block.Operations[index + 1] is IExpressionStatementOperation { Operation: IEventAssignmentOperation { Adds: true } added }
            && added.EventReference is IEventReferenceOperation addedTo
            && SymbolEqualityComparer.Default.Equals(addedTo.Event, removed.Event)
            && SameReceiver(addedTo.Instance, removed.Instance)
            && HandlerKey(added) is { } handler && SymbolEqualityComparer.Default.Equals(handler, HandlerKey(removal));
    }

    /// <summary>Both static, or the same receiver as written (<c>Source.Changed</c> twice).</summary>
    private static bool SameReceiver(IOperation? first, IOperation? second)
        => (first is null && second is null)
            || (first is not null && second is not null && first.Syntax.IsEquivalentTo(second.Syntax, topLevel: false));

    /// <summary>
    /// What identifies a handler for a later <c>-=</c>: the method of a method group, or the field, local or parameter
    /// holding the delegate. A lambda has no identity to remove with, so it is never matched.
    /// </summary>
    private static ISymbol? HandlerKey(IEventAssignmentOperation assignment)
        => OperationWalk.Innermost(assignment.HandlerValue) switch
        {
            IDelegateCreationOperation { Target: IMethodReferenceOperation method } => method.Method.OriginalDefinition,
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
}
