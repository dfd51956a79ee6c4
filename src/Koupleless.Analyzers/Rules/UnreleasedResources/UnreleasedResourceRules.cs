using System.Collections.Immutable;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The unreleased-resource rules (KPL3xxx): module objects that stay reachable after uninstall, so the module's
/// collectible AssemblyLoadContext never unloads. <see cref="Roles"/> is Module: a Shared or Base object lives in the
/// default context, which never unloads anyway. KPL3004 also applies to Shared code (a handle a library allocates
/// to an object a module passes in) and declares its own roles.
/// </summary>
public static class UnreleasedResourceRules
{
    public const KouplelessRole Roles = KouplelessRole.Module;

    public static readonly DiagnosticDescriptor UndisposedTimerRule = RuleDescriptors.Create(
        RuleIds.UndisposedTimer,
        title: "Timer is never released",
        messageFormat: "The {0} {1} is never disposed on an unload or dispose path; the runtime's timer queue keeps its callback, and with it the module's AssemblyLoadContext, alive: "
            + "dispose it in Dispose or in the module's AssemblyLoadContext.Unloading handler",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "A running timer is referenced by the runtime's timer queue until it is disposed. When its callback is module code "
            + "the module's collectible AssemblyLoadContext cannot be collected after Unload(). Dispose the timer in the type's Dispose, "
            + "in the module's AssemblyLoadContext.Unloading handler, or scope it with using.");

    /// <summary>KPL3001 on a timer disposed only with its object, on the object a static default holds.</summary>
    public static readonly DiagnosticDescriptor StaticDefaultTimerRule = RuleDescriptors.Create(
        RuleIds.UndisposedTimer,
        UndisposedTimerRule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "The {0} {1} is disposed only with its object, and the static '{2}' holds one that nothing disposes; the runtime's timer queue keeps its callback, and with it the module's AssemblyLoadContext, alive: "
            + "dispose '{2}' in the module's AssemblyLoadContext.Unloading handler, or create and dispose an instance of your own",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        UndisposedTimerRule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnstoppedThreadRule = RuleDescriptors.Create(
        RuleIds.UnstoppedThread,
        title: "Thread or long-running task never stops",
        messageFormat: "The {0} runs a loop that never ends and observes no cancellation token; a thread running module code keeps the module's AssemblyLoadContext from unloading: "
            + "end the loop on a CancellationToken or stop flag that Dispose or the module's Unloading handler sets",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "Unloading completes only when no thread has a method of the module on its stack. A thread or task whose body is an "
            + "endless loop with no exit, no stop flag and no cancellation token keeps the module alive forever. Observe a token or flag "
            + "that the module's AssemblyLoadContext.Unloading handler or Dispose sets.");

    /// <summary>KPL3002 on a thread whose loop ends on its object's release, started on the object a static default holds.</summary>
    public static readonly DiagnosticDescriptor StaticDefaultThreadRule = RuleDescriptors.Create(
        RuleIds.UnstoppedThread,
        UnstoppedThreadRule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "The {0} runs until its object is disposed, and the static '{1}' holds one that nothing disposes; a thread running module code keeps the module's AssemblyLoadContext from unloading: "
            + "dispose '{1}' in the module's AssemblyLoadContext.Unloading handler, or create and dispose an instance of your own",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        UnstoppedThreadRule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor GlobalEventSubscriptionRule = RuleDescriptors.Create(
        RuleIds.GlobalEventSubscription,
        title: "Module handler subscribed to a process-global event",
        messageFormat: "'{0}' {1}, and nothing removes this handler on an unload or dispose path; the event keeps the module's AssemblyLoadContext alive: "
            + "remove it with -= in Dispose or in the module's AssemblyLoadContext.Unloading handler",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "Events of process-global objects (AppDomain.CurrentDomain, AssemblyLoadContext.Default, static events of the BCL and "
            + "of shared libraries) live as long as the process. A module delegate in their invocation list keeps the module's "
            + "collectible AssemblyLoadContext alive. Remove the handler with -= in the module's AssemblyLoadContext.Unloading handler or in Dispose.");

    /// <summary>
    /// The same diagnostic for an event accessor that passes its subscribers' handlers on, known only once the whole
    /// compilation has been seen (whether the library subscribes through it: <see cref="ForwardingEvents"/>).
    /// </summary>
    public static readonly DiagnosticDescriptor ForwardedGlobalEventSubscriptionRule = RuleDescriptors.Create(
        RuleIds.GlobalEventSubscription,
        GlobalEventSubscriptionRule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        GlobalEventSubscriptionRule.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        GlobalEventSubscriptionRule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnfreedGCHandleRule = RuleDescriptors.Create(
        RuleIds.UnfreedGCHandle,
        title: "Strong GC handle to a module object is never freed",
        messageFormat: "The {0} GC handle to {1} {2}; a strong handle is a GC root, so it keeps the object, and with it the module's AssemblyLoadContext, alive: "
            + "free it in a finally block, in Dispose or in the module's AssemblyLoadContext.Unloading handler",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "GCHandle.Alloc with GCHandleType.Normal (the default) or Pinned, and .NET 10's new GCHandle<T> and PinnedGCHandle<T>, root "
            + "their target until Free (Dispose for the typed handles) is called. A handle to a "
            + "module object or delegate that is never freed keeps the module's collectible AssemblyLoadContext alive after Unload(). Free the "
            + "handle in a finally block, in the type's Dispose, or in the module's AssemblyLoadContext.Unloading handler.");
    public static readonly DiagnosticDescriptor UnreleasedRuntimeCallbackRule = RuleDescriptors.Create(
        RuleIds.UnreleasedRuntimeCallback,
        title: "Registration held by the runtime is never released",
        messageFormat: "The {0} {1}; it {2}: release it in Dispose, in the module's AssemblyLoadContext.Unloading handler, or before the creating member returns",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "Some objects are held, with their module callback, by a thread or queue of the runtime until they are released: "
            + "a ThreadPool.RegisterWaitForSingleObject registration stays on the wait thread until Unregister, and a pending accept on a "
            + "listener keeps its module callback or awaiting continuation until the listener is stopped. Kept in a field and never "
            + "released, or dropped, it keeps the module's collectible AssemblyLoadContext alive. Release it in the type's Dispose, in the "
            + "module's AssemblyLoadContext.Unloading handler, or before the creating member returns.");

    public static readonly DiagnosticDescriptor NonCollectibleLoadContextRule = RuleDescriptors.Create(
        RuleIds.NonCollectibleLoadContext,
        title: "Module code creates a non-collectible AssemblyLoadContext",
        messageFormat: "'{0}' creates the non-collectible AssemblyLoadContext '{1}'{2}: the runtime keeps it, and every assembly loaded into it, for the "
            + "life of the process, and a context of a module type or with a module handler keeps the module's own context too: pass isCollectible: true",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "The runtime holds every non-collectible AssemblyLoadContext strongly until the process exits. Created by a module (a plugin "
            + "loader, an isolation helper), it and its assemblies outlive every uninstall and upgrade; when its type is the module's, or a module "
            + "delegate handles its Resolving event, the module's collectible context never unloads either. A collectible child context that "
            + "nobody unloads is collected with the module (measured), so isCollectible: true is enough.");

    public static readonly DiagnosticDescriptor DynamicOperationRule = RuleDescriptors.Create(
        RuleIds.DynamicOperation,
        title: "Module code runs a dynamic operation",
        messageFormat: "'{0}' runs a dynamic operation: the C# runtime binder keeps the calling module type in a process-wide cache, so once it has run "
            + "the module's AssemblyLoadContext never unloads; use typed code (a cast, an interface, a generic method) or reflection instead of dynamic, "
            + "or have the host load Microsoft.CSharp into the module's load context",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "Every dynamic operation (a member access, call, indexer, operator or conversion on a dynamic value) is bound at run time by "
            + "Microsoft.CSharp, which the base loads once in the default context. Its binders are kept in a process-wide cache and each holds "
            + "the type the operation was compiled in, so a module that has run one never unloads (dotnet/runtime#78952). Replace dynamic with "
            + "typed code or reflection, or load a private copy of Microsoft.CSharp into the module's collectible context.");

    /// <summary>
    /// Registers the list-driven rules with the catalog so rules/KouplelessHazards.UnreleasedResources.txt may name them.
    /// Their analyzers report through their own flow analysis (a subscription is only a hazard when nothing removes it),
    /// so the generic catalog analyzer never reports them.
    /// </summary>
    public static readonly ImmutableArray<CatalogRule> CatalogEntries = ImmutableArray.Create(
        new CatalogRule(GlobalEventSubscriptionRule, Roles, Applies: static _ => false),
        new CatalogRule(UnreleasedRuntimeCallbackRule, Roles, Applies: static _ => false));
}
