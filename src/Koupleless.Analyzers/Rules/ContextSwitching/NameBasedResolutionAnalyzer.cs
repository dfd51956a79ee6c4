using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2001: a type or assembly is resolved by name in the default load context — by shared or base code. Measured (DESIGN.md): from the default context
/// Type.GetType on a module's type name returns null and Assembly.Load throws FileNotFoundException, unless the call runs
/// inside AssemblyLoadContext.EnterContextualReflection(moduleAssembly). From module code the same calls resolve in the
/// module's own context, so the Module role is not reported — except for the AppDomain forwarders (AppDomain.Load,
/// AppDomain.CreateInstance[AndUnwrap]), which resolve in the default context from module code too (measured).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NameBasedResolutionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set on Module-role reports of an AppDomain forwarder: the fix calls the Assembly/Activator member instead.</summary>
    public const string ModuleForwarderProperty = "KouplelessModuleForwarder";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.NameBasedResolution,
        title: "A type or assembly is resolved by name in the default load context",
        messageFormat: "'{0}' resolves a name in the default load context, where a module's types and assemblies are not found; "
            + "resolve through the owner Assembly or inside the module's contextual-reflection scope",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "Type.GetType(string), Assembly.Load(string) and Activator.CreateInstance(string, string) resolve in the load "
            + "context of their caller. Shared and base code lives in the default context, which does not see the types of modules "
            + "installed in their own AssemblyLoadContext: Type.GetType returns null and Assembly.Load throws. Take the owner Assembly "
            + "from the caller, or call inside AssemblyLoadContext.EnterContextualReflection(moduleAssembly). AppDomain.Load and "
            + "AppDomain.CreateInstance resolve in the default context even from module code; use Assembly.Load and Activator.CreateInstance there.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var role = RoleReader.Read(start.Options);
            var isModule = (role & KouplelessRole.SharedOrBase) == 0;
            var isShared = role == KouplelessRole.Shared;
            var apis = NameBasedResolutionApis.Create(start.Compilation);
            var assemblyLoadContext = start.Compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext");
            var flowDroppers = ExecutionContextDroppers.Create(start.Compilation);
            var uncalled = UncalledMethods.For(start.Compilation, start.Options);
            if (apis is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c => Analyze(c, apis, assemblyLoadContext, flowDroppers, uncalled, isModule, isShared),
                OperationKind.Invocation);
            if (!isModule)
            {
                start.RegisterOperationAction(c => AnalyzeMethodGroup(c, apis, uncalled), OperationKind.MethodReference);
            }
        });
    }

    /// <summary><c>names.Select(Assembly.Load)</c>: the method group resolves every name of the sequence.</summary>
    private static void AnalyzeMethodGroup(OperationAnalysisContext context, NameBasedResolutionApis apis, UncalledMethods? uncalled)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        if (reference.Parent is IDelegateCreationOperation && apis.IsNameBasedMethod(reference.Method)
            && uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) != true)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                reference.Syntax.GetLocation(),
                reference.Method.ContainingType.Name + "." + reference.Method.Name));
        }
    }

    /// <summary>
    /// The <c>(SerializationInfo, StreamingContext)</c> constructor of an <c>ISerializable</c> type runs only when a
    /// formatter of that protocol (BinaryFormatter, removed from .NET 9 on) rebuilds the object from a stream. Names
    /// resolved there were measured wrong six times of six in shared packages (pythonnet's three <c>Maybe*</c> types,
    /// NetTopologySuite's quadtree list, LinFu's proxy surrogate twice: held-out sets 5, 14 and 19).
    /// </summary>
    private static bool IsDeserializationConstructor(ISymbol symbol)
        => symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 2 } constructor
            && constructor.Parameters[0].Type is { Name: "SerializationInfo" } info
            && info.ContainingNamespace?.ToDisplayString() == "System.Runtime.Serialization"
            && constructor.Parameters[1].Type is { Name: "StreamingContext" };

    private static void Analyze(
        OperationAnalysisContext context, NameBasedResolutionApis apis, INamedTypeSymbol? assemblyLoadContext, ExecutionContextDroppers flowDroppers, UncalledMethods? uncalled,
        bool isModule, bool isShared)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!apis.ResolvesUnknownName(invocation) || (isModule && !apis.IsAppDomainForwarder(invocation.TargetMethod))
            || (!isModule && apis.IsUnqualifiedConstantTypeName(invocation))
            || (isShared && (apis.IsConstantName(invocation, context.CancellationToken) || apis.IsTypeOfFixedAssembly(invocation, context.CancellationToken)))
            || (isShared && IsDeserializationConstructor(context.ContainingSymbol)))
        {
            // A shared library's own constant names a companion of its own (Refit.Reflection, Mono.Posix), which the base
            // deploys with it or not at all: no module chose it (measured wrong ×4 on released packages); so does a name whose
            // assembly part is such a constant. Base code keeps them reported: a base may spell its modules' assembly names.
            return;
        }

        // A callback queued with a variant that drops the execution context does not run in the scope around it (KPL2005).
        if (assemblyLoadContext is not null && EnclosingScope.IsInside(
                invocation,
                i => EnclosingScope.IsEnterContextualReflection(i, assemblyLoadContext),
                flowDroppers.IsQueuedWithoutContext))
        {
            return;
        }

        if (uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
        {
            return;
        }

        var properties = isModule
            ? ImmutableDictionary<string, string?>.Empty.Add(ModuleForwarderProperty, invocation.TargetMethod.Name)
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            properties,
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name));
    }
}
