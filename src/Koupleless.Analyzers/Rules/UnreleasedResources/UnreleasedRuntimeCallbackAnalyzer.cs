using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3006: an object that a runtime thread or queue holds, with its module callback, until it is released — the
/// creations listed for KPL3006 in rules/KouplelessHazards.UnreleasedResources.txt (measured: a
/// <c>ThreadPool.RegisterWaitForSingleObject</c> registration pins the module whether it is kept in a static field,
/// an instance field or dropped). Reported when the result is kept in a private field or a local and never released
/// on a release path of the type (see <see cref="TypeReleaseFacts"/>), or dropped, so that nobody can release it.
/// Not reported: a registration scoped by using, handed to other code (returned, passed on, stored in a property or a
/// non-private field), or one that ends by itself (<c>executeOnlyOnce: true</c>).
/// The accept lines (<see cref="ListenerAccepts"/>) are an operation, not an object: a listener the type creates and keeps
/// is reported, at its creation, when an accept holding module code is pending on it and it is never released the same way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnreleasedRuntimeCallbackAnalyzer : DiagnosticAnalyzer
{
    public const string StorageProperty = UndisposedTimerAnalyzer.StorageProperty;

    /// <summary>The release call the fixes write after the stored name: <c>Unregister(null)</c> or <c>Dispose()</c>.</summary>
    public const string ReleaseCallProperty = "KouplelessReleaseCall";

    /// <summary>Set on a listener reported for a pending accept: the accept method's name.</summary>
    public const string PendingAcceptProperty = "KouplelessPendingAccept";

    private static readonly ImmutableHashSet<string> ReleaseNames =
        ImmutableHashSet.Create("Dispose", "DisposeAsync", "Close", "Stop", "Unregister", "Abort");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.UnreleasedRuntimeCallbackRule);

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
        var symbols = catalog.SymbolsOf(RuleIds.UnreleasedRuntimeCallback).ToList();
        var accepts = ListenerAccepts.From(symbols);
        var resourceTypes = new HashSet<ITypeSymbol>(
            symbols.Where(s => !accepts.IsAccept(s)).Select(ResourceType).Where(t => t is not null)!,
            SymbolEqualityComparer.Default);
        if (resourceTypes.Count == 0 && accepts.IsEmpty)
        {
            return;
        }

        var disposable = context.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, catalog, resourceTypes, accepts, disposable), SymbolKind.NamedType);
    }

    /// <summary>The type of the object a catalog creation produces: a factory's return type, a constructor's or a listed type.</summary>
    private static ITypeSymbol? ResourceType(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType,
        IMethodSymbol { ReturnsVoid: false } method => method.ReturnType,
        INamedTypeSymbol type => type,
        _ => null,
    };

    private static void OnTypeStart(
        SymbolStartAnalysisContext context, HazardCatalog catalog, HashSet<ITypeSymbol> resourceTypes, ListenerAccepts accepts, INamedTypeSymbol disposable)
    {
        var facts = TypeReleaseFacts.Collect(
            context, t => t is not null && (resourceTypes.Contains(t.OriginalDefinition) || accepts.IsListenerType(t)));
        var creations = new ConcurrentBag<(IOperation Creation, string Reason, ISymbol Creator)>();
        var listeners = new ConcurrentBag<(IOperation Creation, ISymbol Creator)>();
        var pendingAccepts = new ConcurrentBag<(ISymbol Listener, IInvocationOperation Accept, string Reason)>();
        context.RegisterOperationAction(
            c =>
            {
                if (c.Operation is IInvocationOperation invocation && accepts.HoldsModuleCode(invocation) is { } holds)
                {
                    // An accept is not a creation: it is reported on its listener's creation, at symbol end.
                    if (holds && OperationWalk.TrackedSymbol(invocation.Instance) is { } listener && Reason(invocation, catalog) is { } acceptReason)
                    {
                        pendingAccepts.Add((listener, invocation, acceptReason));
                    }

                    return;
                }

                if (accepts.IsListenerCreation(c.Operation))
                {
                    listeners.Add((c.Operation, c.ContainingSymbol));
                }

                if (Reason(c.Operation, catalog) is { } reason && !EndsByItself(c.Operation))
                {
                    creations.Add((c.Operation, reason, c.ContainingSymbol));
                }
            },
            OperationKind.Invocation,
            OperationKind.ObjectCreation);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var (creation, reason, creator) in creations)
            {
                var storage = ResourceStorage.Of(creation);
                if (!IsHazard(storage, creator, facts))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(StorageProperty, storage.Kind.ToString());
                if (ReleaseCall(creation.Type, disposable) is { } release)
                {
                    properties = properties.Add(ReleaseCallProperty, release);
                }

                end.ReportDiagnostic(Diagnostic.Create(
                    UnreleasedResourceRules.UnreleasedRuntimeCallbackRule,
                    creation.Syntax.GetLocation(),
                    properties,
                    creation.Type?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? "resource",
                    Describe(storage, creation),
                    reason));
            }

            foreach (var (creation, creator) in listeners)
            {
                ReportPendingAccept(end, creation, creator, pendingAccepts, facts);
            }
        });
    }

    /// <summary>
    /// A listener this type creates and keeps in a private field or a local, with an accept carrying module code pending on
    /// it, and never released. Reported on the creation, not on the accept: the release belongs right after the creation
    /// (an accept often runs in a loop or re-arms itself from its own callback), so the fixes anchor there.
    /// </summary>
    private static void ReportPendingAccept(
        SymbolAnalysisContext end, IOperation creation, ISymbol creator,
        ConcurrentBag<(ISymbol Listener, IInvocationOperation Accept, string Reason)> pendingAccepts, TypeReleaseFacts facts)
    {
        var storage = ResourceStorage.Of(creation);
        if (storage is not { Kind: StorageKind.Field or StorageKind.Local, Symbol: { } listener } || !IsHazard(storage, creator, facts))
        {
            return;
        }

        var accept = pendingAccepts
            .Where(p => SymbolEqualityComparer.Default.Equals(p.Listener, listener))
            .OrderBy(p => p.Accept.Syntax.SpanStart)
            .FirstOrDefault();
        if (accept.Accept is null || ListenerReleaseCall(creation.Type) is not { } release)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(StorageProperty, storage.Kind.ToString())
            .Add(ReleaseCallProperty, release)
            .Add(PendingAcceptProperty, accept.Accept.TargetMethod.Name);
        end.ReportDiagnostic(Diagnostic.Create(
            UnreleasedResourceRules.UnreleasedRuntimeCallbackRule,
            creation.Syntax.GetLocation(),
            new[] { accept.Accept.Syntax.GetLocation() },
            properties,
            creation.Type!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            DescribeListener(storage, accept.Accept.TargetMethod.Name),
            accept.Reason));
    }

    /// <summary>
    /// <c>Stop()</c> for TcpListener and HttpListener; <c>Close()</c> for a Socket rather than <c>Dispose()</c>, which would
    /// also invite the using-declaration fix — and a scope that awaits accepts in a loop never ends, so it would not help.
    /// </summary>
    private static string? ListenerReleaseCall(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        foreach (var name in new[] { "Stop", "Close", "Dispose" })
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.Parameters.IsEmpty && !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public))
                {
                    return name + "()";
                }
            }
        }

        return null;
    }

    private static bool IsHazard(ResourceStorage storage, ISymbol creator, TypeReleaseFacts facts)
    {
        switch (storage.Kind)
        {
            case StorageKind.Dropped:
                // Nobody holds the object, so nobody can ever release it; the runtime still does.
                return true;
            case StorageKind.Field or StorageKind.Local when storage.Symbol is { } symbol:
                return !facts.Escapes(symbol) && !facts.IsReleased(symbol, creator, u => ReleaseNames.Contains(u.Member.Name));
            default:
                return false;
        }
    }

    private static string? Reason(IOperation operation, HazardCatalog catalog)
    {
        var entries = operation switch
        {
            IInvocationOperation invocation => catalog.EntriesFor(invocation.TargetMethod),
            IObjectCreationOperation { Constructor: { } constructor } creation
                => catalog.EntriesFor(constructor).AddRange(catalog.EntriesFor(creation.Type)),
            _ => ImmutableArray<CatalogEntry>.Empty,
        };
        return entries.FirstOrDefault(e => e.RuleId == RuleIds.UnreleasedRuntimeCallback)?.Reason;
    }

    /// <summary>
    /// <c>executeOnlyOnce: true</c>: the registration is released after its first signal or time-out (measured: a
    /// one-shot wait with a finite time-out unloads). One that waits forever on an object never signalled still pins;
    /// the rule cannot know the object is never signalled, so it stays silent there.
    /// </summary>
    private static bool EndsByItself(IOperation operation)
        => operation is IInvocationOperation invocation
            && invocation.Arguments.Any(a => a.Parameter?.Name == "executeOnlyOnce"
                && a.Value.ConstantValue is { HasValue: true, Value: true });

    private static string? ReleaseCall(ITypeSymbol? type, INamedTypeSymbol disposable)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        if (type.GetMembers("Unregister").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 1 && m.DeclaredAccessibility == Accessibility.Public))
        {
            return "Unregister(null)";
        }

        return SymbolEqualityComparer.Default.Equals(type, disposable) || type.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default)
            ? "Dispose()"
            : null;
    }

    private static string Describe(ResourceStorage storage, IOperation creation) => storage.Symbol switch
    {
        IFieldSymbol { IsStatic: true } field => $"stored in static field '{field.Name}' is never released on an unload or dispose path",
        IFieldSymbol field => $"stored in field '{field.Name}' is never released on an unload or dispose path",
        ILocalSymbol local => $"in local '{local.Name}' is never released on an unload or dispose path",
        _ => creation is IInvocationOperation invocation
            ? $"returned by {invocation.TargetMethod.Name} is dropped, so nothing can release it"
            : "is dropped, so nothing can release it",
    };

    private static string DescribeListener(ResourceStorage storage, string accept) => storage.Symbol switch
    {
        IFieldSymbol { IsStatic: true } field => $"stored in static field '{field.Name}' has {accept} pending and is never released on an unload or dispose path",
        IFieldSymbol field => $"stored in field '{field.Name}' has {accept} pending and is never released on an unload or dispose path",
        _ => $"in local '{storage.Symbol?.Name}' has {accept} pending and is never released on an unload or dispose path",
    };
}
