using System.Collections.Immutable;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// The static-state rules whose APIs are listed in rules/KouplelessHazards.StaticState.txt.
/// Measured (DESIGN.md, "Verified at run time"): copy B of a module sees what copy A wrote through each of them.
/// </summary>
public static class StaticStateCatalogRules
{
    public static readonly DiagnosticDescriptor ProcessGlobalStateMutationRule = RuleDescriptors.Create(
        RuleIds.ProcessGlobalStateMutation,
        title: "Process-wide state is changed",
        messageFormat: "'{0}' changes process-wide state that every module in the base shares: {1}; instead, {2}",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "Environment variables, the current directory, the default thread culture, the console streams, AppContext switches, "
            + "thread-pool limits, GC settings, trace listeners and ServicePointManager settings belong to the process. "
            + "In a Koupleless base the last module to set one wins for every module and for the base itself.");

    public static readonly DiagnosticDescriptor ProcessTerminationRule = RuleDescriptors.Create(
        RuleIds.ProcessTermination,
        title: "Module or shared code ends the process",
        messageFormat: "'{0}' ends the whole base process with every module in it: {1}; instead, {2}",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "A module shares its process with the base and every other module. Ending the process from module code (or from a "
            + "library shared with modules) uninstalls all of them at once; report the failure to the base instead.");

    public static readonly DiagnosticDescriptor SharedLibrarySingletonRule = RuleDescriptors.Create(
        RuleIds.SharedLibrarySingleton,
        title: "Global singleton of a library is set",
        messageFormat: "'{0}' sets a global of a library that the base may share with every module: {1}; instead, {2}",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "When the base shares a library (it lives in the default load context), its static defaults and singletons are "
            + "one per process: a module that sets them changes them for every module, and a module object stored there keeps "
            + "the module from unloading. Pass a per-module instance or options object instead.");

    public static readonly ImmutableArray<CatalogRule> All = ImmutableArray.Create(
        new CatalogRule(ProcessGlobalStateMutationRule, KouplelessRole.All, match => ProcessGlobalReceiver.MayBeProcessGlobal(match) && !BaseCodePagesRegistration.Is(match)
            && !SavedValueRestore.Is(match)),
        new CatalogRule(ProcessTerminationRule, KouplelessRole.Module | KouplelessRole.Shared),
        new CatalogRule(SharedLibrarySingletonRule, KouplelessRole.All));
}
