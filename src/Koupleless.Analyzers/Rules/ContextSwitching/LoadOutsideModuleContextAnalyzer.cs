using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2002: module code loads an assembly outside its own load context. Measured (DESIGN.md): Assembly.LoadFrom from a
/// module loads into the default context (a second, non-unloadable copy with different type identity); LoadFile and
/// Load(byte[]) load into new non-collectible anonymous contexts. The module's own context
/// (AssemblyLoadContext.GetLoadContext(typeof(X).Assembly)) loads in place, shares type identity and unloads with it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoadOutsideModuleContextAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Tells the fixer which replacement fits: <see cref="PathShape"/> or <see cref="BytesShape"/>; absent when none does.</summary>
    public const string ShapeProperty = "KouplelessLoadShape";
    public const string PathShape = "Path";
    public const string BytesShape = "Bytes";
    public const string DefaultContextShape = "DefaultContext";

    /// <summary>"true" when the path argument is known to be absolute (LoadFromAssemblyPath rejects relative paths).</summary>
    public const string AbsolutePathProperty = "KouplelessAbsolutePath";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.LoadOutsideModuleContext,
        title: "Module code loads an assembly outside its own load context",
        messageFormat: "'{0}' loads the assembly outside this module's load context: it never unloads and its types differ from the module's own; "
            + "load through AssemblyLoadContext.GetLoadContext(typeof(...).Assembly)",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "Assembly.LoadFrom loads into the default context and Assembly.LoadFile and Assembly.Load(byte[]) into new anonymous "
            + "contexts, none of them collectible: the assembly stays after the module is uninstalled and its types are not the ones the "
            + "module already loaded. LoadFromAssemblyPath and LoadFromStream on the module's own AssemblyLoadContext load in place.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

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
            var activator = start.Compilation.GetTypeByMetadataName("System.Activator");
            var appDomain = start.Compilation.GetTypeByMetadataName("System.AppDomain");
            var path = start.Compilation.GetTypeByMetadataName("System.IO.Path");
            var loadContext = start.Compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext");
            if (assembly is null)
            {
                return;
            }

            var uncalled = UncalledMethods.For(start.Compilation, start.Options);
            start.RegisterOperationAction(c => Analyze(c, assembly, activator, appDomain, path, loadContext, uncalled), OperationKind.Invocation);
        });
    }

    private static void Analyze(
        OperationAnalysisContext context, INamedTypeSymbol assembly, INamedTypeSymbol? activator, INamedTypeSymbol? appDomain, INamedTypeSymbol? path, INamedTypeSymbol? loadContext,
        UncalledMethods? uncalled)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        var firstIsBytes = method.Parameters.Length > 0 && method.Parameters[0].Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (Is(type, assembly) && method.Name is "LoadFrom" or "UnsafeLoadFrom" or "LoadFile")
        {
            if (method.Parameters.Length == 1)
            {
                var isAbsolute = method.Name == "LoadFile" || (invocation.Arguments.FirstOrDefault()?.Value is { } argument && IsAbsolute(argument, path));
                properties = properties.Add(ShapeProperty, PathShape).Add(AbsolutePathProperty, isAbsolute ? "true" : "false");
            }
        }
        else if ((Is(type, assembly) || Is(type, appDomain)) && method.Name == "Load" && firstIsBytes)
        {
            var symbols = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1)?.Value;
            if (Is(type, assembly) && (symbols is null || IsNullConstant(symbols)))
            {
                properties = properties.Add(ShapeProperty, BytesShape);
            }
        }
        else if (Is(type, loadContext) && method.Name is "LoadFromAssemblyPath" or "LoadFromStream" or "LoadFromNativeImagePath")
        {
            // AssemblyLoadContext.Default.LoadFrom…: the default context, explicitly (never unloads, types split like LoadFrom).
            if (invocation.Instance is not IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } defaultProperty }
                || !Is(defaultProperty.ContainingType, loadContext))
            {
                return;
            }

            properties = properties.Add(ShapeProperty, DefaultContextShape);
        }
        else if (!((Is(type, activator) && method.Name == "CreateInstanceFrom")
            || (Is(type, appDomain) && method.Name is "CreateInstanceFrom" or "CreateInstanceFromAndUnwrap")))
        {
            return;
        }

        if (OtherRuntimeBranches.Contains(invocation) || uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
        {
            return; // .NET Framework's or Mono's way of loading, never run in a base; code nothing calls in a released assembly
        }

        var display = properties.TryGetValue(ShapeProperty, out var shape) && shape == DefaultContextShape
            ? "AssemblyLoadContext.Default." + method.Name
            : type.Name + "." + method.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, display));
    }

    private static bool IsAbsolute(IOperation argument, INamedTypeSymbol? path)
    {
        if (argument.ConstantValue is { HasValue: true, Value: string text })
        {
            return text.StartsWith("/", System.StringComparison.Ordinal) || text.StartsWith(@"\\", System.StringComparison.Ordinal)
                || (text.Length >= 3 && char.IsLetter(text[0]) && text[1] == ':' && text[2] is '\\' or '/');
        }

        return argument is IInvocationOperation { TargetMethod.Name: "GetFullPath" } fullPath
            && path is not null && SymbolEqualityComparer.Default.Equals(fullPath.TargetMethod.ContainingType, path);
    }

    private static bool IsNullConstant(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: null };

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
