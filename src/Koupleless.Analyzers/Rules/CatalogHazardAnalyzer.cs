using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Rules;

/// <summary>
/// Reports every use of a catalog-listed symbol for the catalog-driven rules (KPL1003, KPL1004, KPL1005, ...):
/// the APIs are data in rules/KouplelessHazards*.txt and in enterprise AdditionalFiles, resolved once per compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatalogHazardAnalyzer : DiagnosticAnalyzer
{
    public const string SymbolIdProperty = "KouplelessSymbolId";
    public const string HintProperty = "KouplelessHint";
    public const string CatalogSourceProperty = "KouplelessCatalogSource";

    /// <summary>The message's {2} for a catalog line without an adapter hint (enterprise lines may omit it).</summary>
    public const string NoHint = "see the rule's documentation";

    private static readonly OperationKind[] UseKinds =
    {
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference,
        OperationKind.EventAssignment, OperationKind.FieldReference, OperationKind.MethodReference,
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        CatalogRules.All.Select(r => r.Descriptor).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var role = RoleReader.Read(context.Options);
        var activeRules = CatalogRules.All.Where(r => (r.Roles & role) != 0).ToImmutableDictionary(r => r.Id);
        if (activeRules.IsEmpty)
        {
            return;
        }

        var catalog = HazardCatalog.For(context.Compilation, context.Options, context.CancellationToken);
        if (catalog.IsEmpty)
        {
            return;
        }

        var assembly = context.Compilation.Assembly;
        var exitHandlers = new ProcessExitHandlers(context.Compilation, context.CancellationToken);
        var uncalled = UncalledMethods.For(context.Compilation, context.Options);
        context.RegisterOperationAction(c => AnalyzeUse(c, catalog, activeRules, assembly, exitHandlers, uncalled, role), UseKinds);
    }

    /// <summary>The rules about state every running module shares: moot in code that runs only as the process exits, or only on another runtime (Mono, .NET Framework).</summary>
    private static readonly ImmutableHashSet<string> ProcessWideRules = ImmutableHashSet.Create(
        RuleIds.ProcessGlobalStateMutation, RuleIds.ProcessTermination, RuleIds.SharedLibrarySingleton);

    private static void AnalyzeUse(
        OperationAnalysisContext context, HazardCatalog catalog, ImmutableDictionary<string, CatalogRule> activeRules, IAssemblySymbol assembly, ProcessExitHandlers exitHandlers,
        UncalledMethods? uncalled, KouplelessRole role)
    {
        HashSet<string>? reported = null;
        CatalogSymbolUses.ForEach(context.Operation, symbol =>
        {
            // The library that declares a catalogued member implements it: its own calls (an overload calling the
            // setter, a configuration helper) are not a module's use of the shared singleton.
            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, assembly))
            {
                return;
            }

            foreach (var entry in catalog.EntriesFor(symbol))
            {
                if (!activeRules.TryGetValue(entry.RuleId, out var rule))
                {
                    continue;
                }

                // One diagnostic per rule and operation, even when a line lists both a property and its accessor.
                reported ??= new HashSet<string>();
                if (reported.Contains(rule.Id) || (rule.Applies is { } applies && !applies(new CatalogMatch(context.Operation, symbol, entry, role, context.CancellationToken))))
                {
                    continue;
                }

                if (ProcessWideRules.Contains(rule.Id)
                    && (exitHandlers.RunsOnlyAtExit(context.Operation, context.ContainingSymbol) || OtherRuntimeBranches.Contains(context.Operation)))
                {
                    continue;
                }

                if (uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
                {
                    return;
                }

                reported.Add(rule.Id);
                context.ReportDiagnostic(CreateDiagnostic(rule, context.Operation, symbol, entry));
            }
        });
    }

    private static Diagnostic CreateDiagnostic(CatalogRule rule, IOperation operation, ISymbol symbol, CatalogEntry entry)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[SymbolIdProperty] = entry.SymbolId;
        properties[HintProperty] = entry.Hint;
        properties[CatalogSourceProperty] = entry.Source + "(" + entry.Line + ")";
        return Diagnostic.Create(
            rule.Descriptor,
            CatalogSymbolUses.LocationOf(operation),
            properties.ToImmutable(),
            CatalogSymbolUses.Display(symbol),
            entry.Reason,
            entry.Hint ?? NoHint);
    }
}
