using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2001: shared or base code resolves a type or assembly by name. Measured (DESIGN.md): from the default context
/// Type.GetType on a module's type name returns null and Assembly.Load throws FileNotFoundException, unless the call runs
/// inside AssemblyLoadContext.EnterContextualReflection(moduleAssembly). From module code the same calls resolve in the
/// module's own context, so the Module role is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NameBasedResolutionAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.NameBasedResolution,
        title: "Shared or base code resolves a type or assembly by name",
        messageFormat: "'{0}' resolves a name in the default load context, where a module's types and assemblies are not found; "
            + "resolve through the owner Assembly or inside the module's contextual-reflection scope",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "Type.GetType(string), Assembly.Load(string) and Activator.CreateInstance(string, string) resolve in the load "
            + "context of their caller. Shared and base code lives in the default context, which does not see the types of modules "
            + "installed in their own AssemblyLoadContext: Type.GetType returns null and Assembly.Load throws. Take the owner Assembly "
            + "from the caller, or call inside AssemblyLoadContext.EnterContextualReflection(moduleAssembly).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if ((RoleReader.Read(start.Options) & KouplelessRole.SharedOrBase) == 0)
            {
                return;
            }

            var apis = NameBasedResolutionApis.Create(start.Compilation);
            var assemblyLoadContext = start.Compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext");
            var flowDroppers = ExecutionContextDroppers.Create(start.Compilation);
            if (apis is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c => Analyze(c, apis, assemblyLoadContext, flowDroppers),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, NameBasedResolutionApis apis, INamedTypeSymbol? assemblyLoadContext, ExecutionContextDroppers flowDroppers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!apis.ResolvesUnknownName(invocation))
        {
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

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name));
    }
}
