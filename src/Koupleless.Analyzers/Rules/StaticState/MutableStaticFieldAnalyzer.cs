using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// KPL1001: a static field of Shared or Base code that can change — reported at the declaration of a non-readonly
/// static field, and at each place a readonly static collection (or array) is changed in place. Measured
/// (DESIGN.md): a mutable static of a shared library is one value per process, so copy B of a module sees what
/// copy A wrote; a static in the module's own assembly is private to its load context and is not reported.
/// Writes through static property setters and to other assemblies' static fields are KPL1002's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStaticFieldAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="DeclarationKind"/> or <see cref="MutationKind"/>.</summary>
    public const string KindProperty = "KouplelessStaticKind";
    public const string DeclarationKind = "Declaration";
    public const string MutationKind = "CollectionMutation";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.MutableStaticField,
        title: "Mutable static field in shared code",
        messageFormat: "Static field '{0}' {1}: in {2} code it is one value per process, shared by the base and every module",
        DiagnosticCategories.StaticState,
        DiagnosticSeverity.Warning,
        description: "A static field of a library that the base shares (or of the base itself) lives once in the default load context: "
            + "every module reads and overwrites the same value, and a module object stored there keeps that module from unloading. "
            + "Make it readonly when it never changes, or keep one value per load context.");

    private static readonly OperationKind[] MutationKinds =
    {
        OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ArrayElementReference,
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

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

        var types = StaticStateTypes.From(context.Compilation);
        var roleName = role.ToString();
        context.RegisterSymbolAction(c => AnalyzeField(c, types, roleName), SymbolKind.Field);
        context.RegisterOperationAction(c => AnalyzeMutation(c, types, roleName), MutationKinds);
    }

    private static void AnalyzeField(SymbolAnalysisContext context, StaticStateTypes types, string role)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (!field.IsStatic || field.IsConst || field.IsReadOnly || field.IsImplicitlyDeclared
            || field.AssociatedSymbol is not null || field.Locations.Length == 0 || !field.Locations[0].IsInSource
            || types.IsThreadStatic(field) || types.IsFlowLocalHolder(field.Type) || types.IsLockObject(field)
            || types.IsCompilerGenerated(field))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            field.Locations[0],
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, DeclarationKind),
            Display(field),
            "is not readonly",
            role));
    }

    private static void AnalyzeMutation(OperationAnalysisContext context, StaticStateTypes types, string role)
    {
        var operation = context.Operation;
        IOperation? receiver = operation switch
        {
            IInvocationOperation invocation when StaticStateTypes.IsMutatingMethodName(invocation.TargetMethod.Name) =>
                types.IsArrayHelper(invocation.TargetMethod) && invocation.Arguments.Length > 0
                    ? StaticReceivers.Unwrap(invocation.Arguments[0].Value)
                    : StaticReceivers.ReceiverOf(invocation),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer when ValueAccess.Of(indexer).HasFlag(ValueAccess.Kind.Write) => indexer.Instance,
            IArrayElementReferenceOperation element when ValueAccess.Of(element).HasFlag(ValueAccess.Kind.Write) => element.ArrayReference,
            _ => null,
        };

        if (!StaticReceivers.TryGetStaticStorage(receiver, out var storage, out var type) || !types.IsMutableCollection(type))
        {
            return;
        }

        if (storage is IFieldSymbol field)
        {
            // A non-readonly field of this compilation is already reported at its declaration: one diagnostic per field.
            var declaredHere = SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, context.Compilation.Assembly);
            if ((declaredHere && !field.IsReadOnly) || types.IsThreadStatic(field) || (declaredHere && types.IsCompilerGenerated(field)))
            {
                return;
            }
        }

        if (IsTypeInitialization(context.ContainingSymbol, storage.ContainingType) && !IsInDeferredCode(operation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            StaticReceivers.Unwrap(receiver)!.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, MutationKind),
            Display(storage),
            "is a collection changed here",
            role));
    }

    /// <summary>Filling a static collection in the static constructor or a static initializer happens once per process, before any module runs.</summary>
    private static bool IsTypeInitialization(ISymbol? containing, INamedTypeSymbol? owner)
    {
        if (containing is null || owner is null || !SymbolEqualityComparer.Default.Equals(containing.ContainingType, owner))
        {
            return false;
        }

        return containing switch
        {
            IMethodSymbol method => method.MethodKind == MethodKind.StaticConstructor,
            IFieldSymbol or IPropertySymbol => containing.IsStatic,
            _ => false,
        };
    }

    /// <summary>A lambda or local function written in the static constructor runs later, for whichever module calls it.</summary>
    private static bool IsInDeferredCode(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Display(ISymbol symbol) => symbol.ContainingType is { } type ? type.Name + "." + symbol.Name : symbol.Name;
}
