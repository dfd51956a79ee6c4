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
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnreleasedRuntimeCallbackAnalyzer : DiagnosticAnalyzer
{
    public const string StorageProperty = UndisposedTimerAnalyzer.StorageProperty;

    /// <summary>The release call the fixes write after the stored name: <c>Unregister(null)</c> or <c>Dispose()</c>.</summary>
    public const string ReleaseCallProperty = "KouplelessReleaseCall";

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
        var resourceTypes = new HashSet<ITypeSymbol>(
            catalog.SymbolsOf(RuleIds.UnreleasedRuntimeCallback).Select(ResourceType).Where(t => t is not null)!,
            SymbolEqualityComparer.Default);
        if (resourceTypes.Count == 0)
        {
            return;
        }

        var disposable = context.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, catalog, resourceTypes, disposable), SymbolKind.NamedType);
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
        SymbolStartAnalysisContext context, HazardCatalog catalog, HashSet<ITypeSymbol> resourceTypes, INamedTypeSymbol disposable)
    {
        var facts = TypeReleaseFacts.Collect(context, t => t is not null && resourceTypes.Contains(t.OriginalDefinition));
        var creations = new ConcurrentBag<(IOperation Creation, string Reason, ISymbol Creator)>();
        context.RegisterOperationAction(
            c =>
            {
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
        });
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
}
