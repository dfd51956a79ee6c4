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
/// KPL3005: a registration in a process-global listener — the KPL3005 lines of
/// rules/KouplelessHazards.UnreleasedResources.txt (<c>DiagnosticListener.AllListeners.Subscribe</c>,
/// <c>ActivitySource.AddActivityListener</c>, <c>EventListener</c> subclasses, <c>ChangeToken.OnChange</c>,
/// and, in code, <c>CancellationToken.Register</c> on a token owned by the base) — whose disposable is dropped, or stored and never
/// disposed on a release path of the type (see <see cref="TypeReleaseFacts"/>). A registration in a <c>using</c>,
/// returned, passed on or stored where others can reach it is released by its new owner and not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedListenerRegistrationAnalyzer : DiagnosticAnalyzer
{
    public const string StorageProperty = UndisposedTimerAnalyzer.StorageProperty;
    public const string ResourceProperty = "KouplelessResource";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.UndisposedListenerRegistration,
        title: "Registration in a process-global listener is never disposed",
        messageFormat: "'{0}' {1}; this registration, {2}, is never disposed on an unload or dispose path, so it keeps the module's AssemblyLoadContext alive: "
            + "dispose it in Dispose or in the module's AssemblyLoadContext.Unloading handler",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "DiagnosticListener.AllListeners, ActivitySource's listener list, the runtime's EventListener list, change-token producers "
            + "and the base's cancellation tokens live as long as the process and keep every registration until it is disposed. A module "
            + "callback or listener in them keeps the module's collectible AssemblyLoadContext alive. Dispose the registration in Dispose, "
            + "in the module's AssemblyLoadContext.Unloading handler, or scope it with using.");

    /// <summary>
    /// The same rule one level up (<see cref="ListenerOwners"/>): an object of the compilation that holds a registration
    /// until it is disposed, dropped where it is made or returned. Known once every type of the compilation is seen.
    /// </summary>
    public static readonly DiagnosticDescriptor DroppedOwnerRule = RuleDescriptors.Create(
        RuleIds.UndisposedListenerRegistration,
        title: Rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "'{0}' {1}; this object is {2}, so the registration is never disposed and keeps the module's AssemblyLoadContext alive: "
            + "keep it and dispose it in Dispose or in the module's AssemblyLoadContext.Unloading handler",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: Rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>Lets the catalog name KPL3005; the generic catalog analyzer never reports it (this analyzer adds the release analysis).</summary>
    public static readonly CatalogRule CatalogEntry = new(Rule, UnreleasedResourceRules.Roles, Applies: static _ => false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule, DroppedOwnerRule);

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

        var listeners = new ListenerCatalog(HazardCatalog.For(context.Compilation, context.Options, context.CancellationToken), context.Compilation);
        if (listeners.IsEmpty)
        {
            return;
        }

        var ownHost = new OwnHostBuilder(context.Compilation, ModuleHostReader.Read(context.Options), context.CancellationToken);
        var owners = new ListenerOwners();
        owners.Register(context);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, listeners, ownHost, owners), SymbolKind.NamedType);
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, ListenerCatalog listeners, OwnHostBuilder ownHost, ListenerOwners owners)
    {
        var facts = TypeReleaseFacts.Collect(context, static _ => false);
        var registrations = new ConcurrentBag<ListenerRegistration>();
        var flow = new DisposableFlow(listeners);
        context.RegisterOperationAction(
            c =>
            {
                if (listeners.FromInvocation((IInvocationOperation)c.Operation, c.ContainingSymbol) is { } registration)
                {
                    registrations.Add(registration);
                }
            },
            OperationKind.Invocation);
        context.RegisterOperationAction(
            c =>
            {
                if (listeners.FromCreation((IObjectCreationOperation)c.Operation, c.ContainingSymbol) is { } registration)
                {
                    registrations.Add(registration);
                }
            },
            OperationKind.ObjectCreation);
        flow.Register(context);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var registration in registrations)
            {
                var api = registration.Api;
                var reason = registration.Reason;
                if (ChangeTokenProducers.IsReachedThroughInstances(registration.Operation) && ownHost.OwnsItsHost)
                {
                    continue; // the configuration or options of the module's own host go with the module
                }

                if (registration.Token is { } token)
                {
                    // Only a token whose source outlives the module pins it; a token of the module's own source goes with it,
                    // and so does the lifetime of a host the module builds itself.
                    if (flow.BaseOwnedToken(token) is not { } owner
                        || (owner.LinkedSource is { } linked && flow.IsSourceReleased(linked, registration.Creator, facts))
                        || ownHost.OwnsItsHost)
                    {
                        continue;
                    }

                    api = $"{owner.Member.ContainingType?.Name}.{owner.Member.Name}.{registration.Api.Split('.').Last()}";
                    reason = $"{reason}, and the token {owner.Reason}";
                }

                if (registration.Token is null && DisposableFlow.IsKeptUntilOwnerReleased(registration, facts))
                {
                    // Released with its owner: whoever drops an owner keeps the registration (ListenerOwners).
                    owners.AddOwner((INamedTypeSymbol)end.Symbol, registration);
                }
                else if (flow.Unreleased(registration, facts) is { } storage)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        registration.Operation.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty
                            .Add(StorageProperty, storage.Kind.ToString())
                            .Add(ResourceProperty, registration.Resource.ToString()),
                        api,
                        reason,
                        Describe(storage)));
                }
            }
        });
    }

    private static string Describe(ResourceStorage storage) => storage.Symbol switch
    {
        IFieldSymbol { IsStatic: true } field => $"stored in static field '{field.Name}'",
        IFieldSymbol field => $"stored in field '{field.Name}'",
        ILocalSymbol local => $"held in local '{local.Name}'",
        _ => "stored nowhere",
    };
}
