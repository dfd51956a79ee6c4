using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3011: module code runs a C# <c>dynamic</c> operation. The runtime binder (Microsoft.CSharp, loaded once in the
/// default context) keeps every binder it creates in a process-wide equivalence cache, and each binder holds the calling
/// type — a module type — so once such an operation has run the module never unloads (dotnet/runtime#31144, #71629,
/// #78952; measured on .NET 10 in DynamicOperationRuntimeTests). Reported once per member, at its first dynamic
/// operation: one is enough to pin the module, and the member is what the user changes. Module role only: a shared
/// library's own calling types live in the default context anyway.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DynamicOperationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.DynamicOperationRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if ((RoleReader.Read(start.Options) & UnreleasedResourceRules.Roles) == 0)
            {
                return;
            }

            var binder = start.Compilation.GetTypeByMetadataName("Microsoft.CSharp.RuntimeBinder.Binder");
            var uncalled = UncalledMethods.For(start.Compilation, start.Options);
            start.RegisterOperationBlockStartAction(member => OnMemberStart(member, binder, uncalled));
        });
    }

    private static void OnMemberStart(OperationBlockStartAnalysisContext context, INamedTypeSymbol? binder, UncalledMethods? uncalled)
    {
        var first = new FirstDynamicOperation(binder);
        context.RegisterOperationAction(
            c => first.Offer(c.Operation),
            OperationKind.Invocation,
            OperationKind.DynamicInvocation,
            OperationKind.DynamicMemberReference,
            OperationKind.DynamicIndexerAccess,
            OperationKind.DynamicObjectCreation,
            OperationKind.Binary,
            OperationKind.Unary,
            OperationKind.Conversion,
            OperationKind.CompoundAssignment,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.Await);
        context.RegisterOperationBlockEndAction(end =>
        {
            if (first.Syntax is { } syntax && uncalled?.Contains(end.OwningSymbol, end.CancellationToken) != true)
            {
                end.ReportDiagnostic(Diagnostic.Create(UnreleasedResourceRules.DynamicOperationRule, syntax.GetLocation(), UserMemberNames.Of(end.OwningSymbol)));
            }
        });
    }

    /// <summary>
    /// Whether the operation is bound at run time by the C# runtime binder: the dynamic operation kinds, and operators,
    /// conversions, assignments and <c>await</c> with a <c>dynamic</c> operand. Converting to <c>object</c>, testing a type and <c>as</c>
    /// (which the C# specification says is never dynamically bound) bind nothing.
    /// Also a binder made by hand (<c>Binder.GetMember(flags, name, context, args)</c>, what expression compilers and
    /// late-binding helpers call) whose context may be a module type: the cache keeps that context the same way.
    /// </summary>
    private static bool IsBoundAtRunTime(IOperation operation, INamedTypeSymbol? binder) => operation switch
    {
        IInvocationOperation call => binder is not null && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, binder)
            && MayBeModuleContext(call, operation.SemanticModel?.Compilation.Assembly),
        IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation or IDynamicObjectCreationOperation => true,
        IBinaryOperation binary => IsDynamic(binary.LeftOperand.Type) || IsDynamic(binary.RightOperand.Type),
        IUnaryOperation unary => IsDynamic(unary.Operand.Type),
        IConversionOperation conversion => IsDynamic(conversion.Operand.Type) && !conversion.IsTryCast && conversion.Type is { } target
            && !IsDynamic(target) && target.SpecialType != SpecialType.System_Object,
        ICompoundAssignmentOperation compound => IsDynamic(compound.Target.Type) || IsDynamic(compound.Value.Type),
        IIncrementOrDecrementOperation step => IsDynamic(step.Target.Type),
        // `await (dynamic)task` binds GetAwaiter, IsCompleted and GetResult at run time (held-out set 10: Scriban).
        IAwaitOperation wait => IsDynamic(wait.Operation.Type),
        _ => false,
    };

    private static bool IsDynamic(ITypeSymbol? type) => type?.TypeKind == TypeKind.Dynamic;

    /// <summary>
    /// The binder factory's <c>context</c> argument, unless it is <c>null</c> (no calling type) or <c>typeof</c> a type of
    /// another assembly (a framework or shared type, which never unloads). A type of this module, or one chosen at run
    /// time, is reported.
    /// </summary>
    private static bool MayBeModuleContext(IInvocationOperation call, IAssemblySymbol? module)
    {
        var context = OperationWalk.Innermost(call.Arguments.FirstOrDefault(a => a.Parameter is { Name: "context" })?.Value);
        if (context is null)
        {
            return false;
        }

        if (context.ConstantValue is { HasValue: true, Value: null })
        {
            return false;
        }

        return context is not ITypeOfOperation { TypeOperand: var type }
            || module is null
            || SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, module)
            || type is ITypeParameterSymbol;
    }

    /// <summary>The earliest dynamic operation of one member; operation callbacks of a block may run on several threads.</summary>
    private sealed class FirstDynamicOperation
    {
        private readonly object _gate = new();
        private readonly INamedTypeSymbol? _binder;

        public FirstDynamicOperation(INamedTypeSymbol? binder) => _binder = binder;

        public SyntaxNode? Syntax { get; private set; }

        public void Offer(IOperation operation)
        {
            if (!IsBoundAtRunTime(operation, _binder))
            {
                return;
            }

            lock (_gate)
            {
                if (Syntax is null || operation.Syntax.SpanStart < Syntax.SpanStart)
                {
                    Syntax = operation.Syntax;
                }
            }
        }
    }
}
