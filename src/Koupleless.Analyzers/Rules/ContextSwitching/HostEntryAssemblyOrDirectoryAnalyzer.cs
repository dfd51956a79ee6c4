using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2003: module code asks for the entry assembly or the application's base directory. Measured (DESIGN.md): both
/// answer for the host — Assembly.GetEntryAssembly() is the base's, AppContext.BaseDirectory is the base's directory —
/// never for the module, whose own assembly and directory come from typeof(X).Assembly. DependencyContext.Default
/// (Microsoft.Extensions.DependencyModel) is loaded from the entry assembly too, so it lists the host's dependencies;
/// and the runtime properties the host sets for the process (<see cref="HostProperties"/>) describe the host's
/// application, read through <c>AppContext.GetData</c> or <c>AppDomain.GetData</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostEntryAssemblyOrDirectoryAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Which replacement the fixer makes: <see cref="EntryAssemblyKind"/> or <see cref="BaseDirectoryKind"/>.</summary>
    public const string KindProperty = "KouplelessHostLookup";
    public const string EntryAssemblyKind = "EntryAssembly";
    public const string BaseDirectoryKind = "BaseDirectory";
    public const string DependencyContextKind = "DependencyContext";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.HostEntryAssemblyOrDirectory,
        title: "Module code asks for the host's entry assembly or base directory",
        messageFormat: "'{0}' answers for the base process, not for this module; use typeof(...).Assembly and its Location",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "In a Koupleless base, Assembly.GetEntryAssembly() is the base's entry assembly and AppContext.BaseDirectory and "
            + "AppDomain.CurrentDomain.BaseDirectory are the base's directory. A module that looks for its own files or its own "
            + "assembly there finds the host's. Use typeof(SomeModuleType).Assembly and the directory of its Location.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <summary>
    /// Runtime properties the host passes when it starts the runtime: the probe lists of <c>AssemblyLoadContext.Default</c>
    /// (learn.microsoft.com, "Default probing": <c>TRUSTED_PLATFORM_ASSEMBLIES</c>, <c>APP_PATHS</c>, and for native
    /// libraries and satellite assemblies <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>, <c>PLATFORM_RESOURCE_ROOTS</c>), and the
    /// deps.json files and base directory that <c>DependencyContext.Default</c> and <c>AppContext.BaseDirectory</c> read.
    /// A module's own assemblies and native libraries are in none of them (Mono.Cecil's default resolver probing the TPA
    /// list: a labelled Module miss of held-out package set 5; Selenium's search for its native manager binary in the
    /// native directories: one of set 17). Keys the host does not set about the application (<c>"DataDirectory"</c>, a
    /// library's own data) are not.
    /// </summary>
    private static readonly ImmutableHashSet<string> HostProperties = ImmutableHashSet.Create(
        "TRUSTED_PLATFORM_ASSEMBLIES", "APP_CONTEXT_DEPS_FILES", "APP_CONTEXT_BASE_DIRECTORY", "APP_PATHS",
        "NATIVE_DLL_SEARCH_DIRECTORIES", "PLATFORM_RESOURCE_ROOTS");

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if ((RoleReader.Read(start.Options) & KouplelessRole.Module) == 0)
            {
                return;
            }

            var assembly = start.Compilation.GetTypeByMetadataName("System.Reflection.Assembly");
            var appContext = start.Compilation.GetTypeByMetadataName("System.AppContext");
            var appDomain = start.Compilation.GetTypeByMetadataName("System.AppDomain");
            var appDomainSetup = start.Compilation.GetTypeByMetadataName("System.AppDomainSetup");
            var dependencyContext = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyModel.DependencyContext");
            if (assembly is null && appContext is null && appDomain is null)
            {
                return;
            }

            var uncalled = UncalledMethods.For(start.Compilation, start.Options);
            start.RegisterOperationAction(
                c =>
                {
                    if (c.Operation is IInvocationOperation invocation
                        && invocation.TargetMethod.Name == "GetEntryAssembly" && Is(invocation.TargetMethod.ContainingType, assembly))
                    {
                        if (ProcessIdentityQuestion.IsOnly(invocation, start.Compilation.Assembly))
                        {
                            return; // "is this process program X / on which framework": the host answers it rightly
                        }

                        Report(c, uncalled, invocation, EntryAssemblyKind, "Assembly.GetEntryAssembly");
                    }
                    else if (c.Operation is IInvocationOperation { TargetMethod.Name: "GetData", Arguments.Length: 1 } read
                        && read.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }
                        && HostProperties.Contains(key)
                        && (Is(read.TargetMethod.ContainingType, appContext) || Is(read.TargetMethod.ContainingType, appDomain))
                        && uncalled?.Contains(c.ContainingSymbol, c.CancellationToken) != true)
                    {
                        // No fix kind: what replaces the host's list depends on what the code looks for in it.
                        c.ReportDiagnostic(Diagnostic.Create(Rule, read.Syntax.GetLocation(), $"{read.TargetMethod.ContainingType.Name}.GetData(\"{key}\")"));
                    }
                    else if (c.Operation is IPropertyReferenceOperation { Property: { Name: "BaseDirectory" } property } reference
                        && (Is(property.ContainingType, appContext) || Is(property.ContainingType, appDomain)))
                    {
                        if (reference.SemanticModel is { } model && PresenceTest.IsOnlyTested(reference.Syntax, model))
                        {
                            return; // `string.IsNullOrEmpty(AppContext.BaseDirectory)`: a guard; the use after it is reported
                        }

                        Report(c, uncalled, reference, BaseDirectoryKind, property.ContainingType.Name + ".BaseDirectory");
                    }
                    else if (c.Operation is IPropertyReferenceOperation { Property: { Name: "ApplicationBase" } setupProperty } setupReference
                        && Is(setupProperty.ContainingType, appDomainSetup) && ValueAccess.Of(setupReference) == ValueAccess.Kind.Read)
                    {
                        // AppDomain.CurrentDomain.SetupInformation.ApplicationBase is AppContext.BaseDirectory under another name.
                        Report(c, uncalled, setupReference, BaseDirectoryKind, "AppDomainSetup.ApplicationBase");
                    }
                    else if (c.Operation is IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } contextProperty } contextReference
                        && Is(contextProperty.ContainingType, dependencyContext))
                    {
                        // DependencyContext.Default is DependencyContext.Load(Assembly.GetEntryAssembly()): the host's deps.json.
                        Report(c, uncalled, contextReference, DependencyContextKind, "DependencyContext.Default");
                    }
                },
                OperationKind.Invocation,
                OperationKind.PropertyReference);
        });
    }

    private static void Report(OperationAnalysisContext context, UncalledMethods? uncalled, IOperation operation, string kind, string display)
    {
        if (uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
        {
            return; // code nothing calls in a released assembly
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule, operation.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind), display));
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
