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
