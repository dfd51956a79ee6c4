using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Flow;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// KPL1001, KPL1002 and the Shared/Base side of KPL3010, from one flow analysis (<see cref="StaticStateFlow"/>):
/// static storage of Shared or Base code that a module can overwrite (KPL1001: one value for every module, the last
/// one wins), static storage a module fills (KPL1002: every module that passes through stays loaded — measured for a
/// Type-keyed cache, a wrapper around one, a default resolver's instance cache and a member-keyed cache of a generic
/// class over a shared type), and framework caches handed a module's type (KPL3010). Not reported: storage written
/// only from values no module chose (lazy initialisation, runtime facts, framework reflection), storage never
/// written after type initialisation, flow-local and weak storage, and statics of a generic type that depend only
/// on its type arguments (measured: they unload with the module that instantiated them).
/// Whole-compilation facts are needed, so the diagnostics come at the end of the compilation (build, full analysis).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedStaticStateAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the storage is reached (<see cref="OverwriteKind"/>, <see cref="FillKind"/>).</summary>
    public const string KindProperty = "KouplelessStaticKind";
    public const string OverwriteKind = "Overwrite";
    public const string FillKind = "Fill";

    /// <summary>How a visible settable static is set by a module directly, in messages.</summary>
    internal const string ItsSetter = "its setter";

    public static readonly DiagnosticDescriptor OverwriteRule = RuleDescriptors.Create(
        RuleIds.MutableStaticField,
        title: "Static state of shared code is set by modules",
        messageFormat: "{0} '{1}' {2}: one value for every module, the last one wins{3}; {4}",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "Static storage of a library the base shares (or of the base itself) lives once in the default load context. "
            + "When a member a module can call stores a value the module chose there, every module reads the value the last module "
            + "set, and a module object stored there keeps that module from unloading. Pass the value per call, or keep one value per load context.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor FillRule = RuleDescriptors.Create(
        RuleIds.StaticStateWrite,
        title: "Static storage of shared code keeps what modules put in it",
        messageFormat: "{0} '{1}' keeps what modules pass to {2}: every module whose {3} is added stays loaded; {4}",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "A static cache, registry or event of a library the base shares lives as long as the process. Entries a module "
            + "adds (its types, members, delegates or objects) keep the module's collectible AssemblyLoadContext from ever unloading. "
            + "Remove a module's entries when it unloads, keep the storage per load context, or key it weakly.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(OverwriteRule, FillRule, ProcessWideTypeCacheAnalyzer.SharedRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var role = RoleReader.Read(context.Options);
        if ((role & KouplelessRole.SharedOrBase) == 0)
        {
            return;
        }

        var types = new FlowTypes(context.Compilation);
        var flow = new StaticStateFlow(types);
        var visibleStorage = new ConcurrentBag<VisibleChange>();
        var uses = StaticMemberUses.Register(context);
        context.RegisterOperationBlockAction(c => CollectFacts(c, flow, types));
        context.RegisterOperationBlockAction(c => CollectFactories(c, flow.Factories));
        context.RegisterSymbolAction(c => CollectVisibleStorage(c.Symbol, visibleStorage, c.CancellationToken), SymbolKind.Field, SymbolKind.Property, SymbolKind.Event);
        context.RegisterCompilationEndAction(c => SharedStaticStateReport.Report(c, flow, visibleStorage, uses, role));
    }

    /// <summary>What one member's code stores, calls and caches (also for KPL3010 in a module's libraries).</summary>
    internal static void CollectFacts(OperationBlockAnalysisContext context, StaticStateFlow flow, FlowTypes types)
    {
        switch (context.OwningSymbol)
        {
            case IMethodSymbol method:
                flow.Add(MethodFactsCollector.Collect(method, context.OperationBlocks, types, context.CancellationToken));
                break;
            case IFieldSymbol or IPropertySymbol:
                foreach (var block in context.OperationBlocks)
                {
                    if (block is ISymbolInitializerOperation { Value: var value } initializer)
                    {
                        CollectInitializer(context.OwningSymbol, value, flow, types, context);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// What the static initializers get from the library's conversions and factories (only the report's
    /// <see cref="HeldObjects"/> asks, so KPL3010's use of the flow in a module's library does not collect it).
    /// </summary>
    private static void CollectFactories(OperationBlockAnalysisContext context, InitializerFactories factories)
    {
        switch (context.OwningSymbol)
        {
            case IMethodSymbol { IsStatic: true, ReturnType.IsReferenceType: true } method:
                factories.AddMethod(method, context.OperationBlocks);
                break;
            case IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }:
                foreach (var block in context.OperationBlocks)
                {
                    if (block is ISymbolInitializerOperation { Value: var value }
                        && StaticReceivers.Unwrap(value) is not IObjectCreationOperation)
                    {
                        factories.AddInitializer(context.OwningSymbol, value, context.Compilation);
                    }
                }

                break;
        }
    }

    private static void CollectInitializer(ISymbol member, IOperation value, StaticStateFlow flow, FlowTypes types, OperationBlockAnalysisContext context)
    {
        if (MethodFactsCollector.DelegateTargetOf(member, value, types) is { } target)
        {
            flow.AddDelegateTarget(target);
        }

        if (member.IsStatic)
        {
            if (StaticReceivers.Unwrap(value) is IObjectCreationOperation { Type: { } created })
            {
                flow.AddConcreteType(member, created);
            }
        }
        else if (MethodFactsCollector.CollectInitializer(member, value, types, context.CancellationToken) is { } fact)
        {
            flow.AddInitializer(fact);
        }
    }

    /// <summary>
    /// Storage a module can change without any library code doing it: a visible settable static field (not the
    /// library's own data, <see cref="LibraryDataFields"/>) or auto-property, a visible field-like static event, and
    /// the settable instance members of an object a visible static hands out (<c>Formatter.Default.NumberFormat = ...</c>).
    /// </summary>
    private static void CollectVisibleStorage(ISymbol symbol, ConcurrentBag<VisibleChange> storage, System.Threading.CancellationToken cancellationToken)
    {
        if (!symbol.IsStatic || symbol.IsImplicitlyDeclared)
        {
            return;
        }

        switch (symbol)
        {
            case IFieldSymbol { IsConst: false, AssociatedSymbol: null } field when EntryPoints.IsVisibleOutside(field):
                if (!field.IsReadOnly && !LibraryDataFields.IsLibraryData(field, cancellationToken) && !IsPerInstantiationSlot(field, field.Type))
                {
                    storage.Add(new VisibleChange(field, StoreKind.Overwrite, "an assignment", Direct: true, field.Type));
                }

                AddSettableMembers(field, field.Type, storage);
                break;
            case IPropertySymbol { GetMethod: { } getter } property when StaticStateSyntax.IsAutoProperty(property) && EntryPoints.IsVisibleOutside(getter):
                if (property.SetMethod is { } setter && EntryPoints.IsVisibleOutside(setter) && !setter.IsInitOnly && !IsPerInstantiationSlot(property, property.Type))
                {
                    storage.Add(new VisibleChange(property, StoreKind.Overwrite, ItsSetter, Direct: true, property.Type));
                }

                AddSettableMembers(property, property.Type, storage);
                break;
            case IEventSymbol { AddMethod: { } adder } @event when EntryPoints.IsVisibleOutside(adder)
                && @event.DeclaringSyntaxReferences.All(r => r.GetSyntax() is not EventDeclarationSyntax):
                storage.Add(new VisibleChange(@event, StoreKind.Fill, "a subscription (+=)", Direct: true, @event.Type));
                break;
        }
    }

    /// <summary>
    /// A static of a generic type whose own type is built from that type's type parameters (<c>Func&lt;TSource, TDestination&gt;
    /// TypeAdapter&lt;TSource, TDestination&gt;.Map</c>, <c>TValue Ref&lt;TValue&gt;.IsAny</c>): one slot per instantiation, and a
    /// value of it only fits that instantiation, so a module assigning it names the instantiation — its own types' copy unloads
    /// with it (measured: DESIGN.md). Mapster's and Moq's such fields were measured noise on released packages (held-out sets 2
    /// and 4); a module sharing the instantiation of a base type with another module is the case this leaves unreported.
    /// </summary>
    private static bool IsPerInstantiationSlot(ISymbol storage, ITypeSymbol type)
        => storage.ContainingType is { IsGenericType: true } && GenericInstantiations.MentionsTypeParameter(type);

    private static bool IsPublicOutside(ISymbol member) => member.DeclaredAccessibility == Accessibility.Public && EntryPoints.IsVisibleOutside(member);

    /// <summary>The visible settable instance properties and fields of a class of this compilation that a static holds.</summary>
    private static void AddSettableMembers(ISymbol storage, ITypeSymbol held, ConcurrentBag<VisibleChange> changes)
    {
        if (held is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, storage.ContainingAssembly))
        {
            return;
        }

        for (var current = type; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, storage.ContainingAssembly); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                // Auto-properties and fields certainly keep what they are given; a hand-written setter is judged by the flow.
                // Only public ones: a module's subclass reaches a protected member only through its own instances, never
                // through the object the static holds (ANTLR's `protected internal` IntervalSet.intervals, measured noise).
                var settable = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false, SetMethod: { IsInitOnly: false } setter } property
                        => IsPublicOutside(setter) && StaticStateSyntax.IsAutoProperty(property),
                    IFieldSymbol { IsStatic: false, IsReadOnly: false, IsConst: false, AssociatedSymbol: null } field => IsPublicOutside(field),
                    _ => false,
                };
                if (settable)
                {
                    var how = member is IPropertySymbol ? $"{current.Name}.{member.Name} (set)" : $"{current.Name}.{member.Name}";
                    changes.Add(new VisibleChange(storage, StoreKind.Overwrite, how, Direct: false, member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type));
                }
            }
        }
    }
}

/// <summary>A change a module can make to visible static storage directly (no library code involved).</summary>
internal sealed record VisibleChange(ISymbol Storage, StoreKind Kind, string Member, bool Direct, ITypeSymbol Carried);
