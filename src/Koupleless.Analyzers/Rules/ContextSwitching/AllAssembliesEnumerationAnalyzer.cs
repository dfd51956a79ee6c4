using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2004: module code enumerates every assembly of the process, or shared/base code searches them by name. Measured
/// (DESIGN.md): AppDomain.CurrentDomain.GetAssemblies() lists the other modules' copies too, so a scan for types picks
/// up another module's (same-named, different) types, and a search by name in shared code answers with whichever
/// copy comes first. The module's own context lists only what it loaded. Shared and base code that enumerates
/// assemblies without matching names (to list them, to read attributes) is not reported, nor is a list only asked
/// whether some assembly is there, in either role (<see cref="AssemblyPresenceQuestion"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AllAssembliesEnumerationAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.AllAssembliesEnumeration,
        title: "The assemblies of every module are enumerated or searched by name",
        messageFormat: "'AppDomain.GetAssemblies' lists the assemblies of every module in the base, copies of this module's included; {0}",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "There is one AppDomain per .NET process: GetAssemblies() returns the base's, the shared libraries' and every "
            + "installed module's assemblies, including other copies of this module's own assemblies with the same names and "
            + "different types. Scanning them registers another module's types. Enumerate the module's own load context instead.");

    private const string ModuleAdvice = "enumerate AssemblyLoadContext.GetLoadContext(typeof(...).Assembly).Assemblies";

    private const string SharedAdvice = "a search by name answers with whichever module's copy comes first: take the Assembly (or its load context) from the caller";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var appDomain = start.Compilation.GetTypeByMetadataName("System.AppDomain");
            if (appDomain is null)
            {
                return;
            }

            var isModule = (RoleReader.Read(start.Options) & KouplelessRole.Module) != 0;
            var wrappers = new AllAssembliesWrappers(start.Compilation, appDomain);
            var uncalled = UncalledMethods.For(start.Compilation, start.Options);
            var assemblyName = start.Compilation.GetTypeByMetadataName("System.Reflection.AssemblyName");

            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.TargetMethod is { Name: "GetAssemblies", Parameters.Length: 0 } method
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType, appDomain))
                    {
                        // A module's scan that only lets through what passes a test against one of its own types
                        // cannot pick up another module's (OwnTypeScanFilter).
                        // Only asking whether some assembly is there takes nothing from the list (AssemblyPresenceQuestion).
                        if (!AssemblyPresenceQuestion.IsOnlyAsked(invocation)
                            && (isModule ? !OwnTypeScanFilter.KeepsOnlyOwnTypes(invocation, start.Compilation.Assembly) : AssemblySearchByName.IsSearchedByCallersName(invocation, assemblyName, c.CancellationToken))
                            && uncalled?.Contains(c.ContainingSymbol, c.CancellationToken) != true)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), isModule ? ModuleAdvice : SharedAdvice));
                        }
                    }
                    else if (!isModule && wrappers.MayBeWrapper(invocation.TargetMethod) && AssemblySearchByName.IsSearchedByCallersName(invocation, assemblyName, c.CancellationToken)
                        && wrappers.IsWrapper(invocation.TargetMethod, c.CancellationToken)
                        && uncalled?.Contains(c.ContainingSymbol, c.CancellationToken) != true)
                    {
                        // The wrapper's own call is only handed out; the search by name, the hazard in shared code, is here.
                        // (In module code the wrapper's call is reported where it is.)
                        c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(),
                            $"'{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}' returns that list, and {SharedAdvice}"));
                    }
                },
                OperationKind.Invocation);
        });
    }
}
