using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2007: shared or base code defines a dynamic assembly that cannot be collected (an <c>AssemblyBuilderAccess</c>
/// without the Collect flag, e.g. <c>Run</c>). Measured (docs/rules/KPL2007.md, DynamicAssemblyRuntimeTests): the
/// dynamic assembly is created in the caller's context — the default one for shared code — and a type emitted into it
/// for a module's interface or class (a proxy, a mapper) throws NotSupportedException "A non-collectible assembly may
/// not reference a collectible assembly"; with RunAndCollect it works and the module unloads. Module code is not
/// reported: in a collectible context the runtime makes even a Run assembly collectible and it unloads with the module.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonCollectibleDynamicAssemblyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The Collect bit of System.Reflection.Emit.AssemblyBuilderAccess (RunAndCollect = Run | 8).</summary>
    private const int CollectFlag = 8;

    /// <summary>
    /// The index, in the invocation's argument list, of an access written as <c>AssemblyBuilderAccess.Run</c>: the fixer
    /// renames that member to RunAndCollect. Absent for other spellings (a constant of the code's own, Save variants).
    /// </summary>
    public const string RunArgumentProperty = "KouplelessRunArgument";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.NonCollectibleDynamicAssembly,
        title: "Shared code emits into a non-collectible dynamic assembly",
        messageFormat: "'{0}' defines a dynamic assembly with AssemblyBuilderAccess.{1}: in shared code it is not collectible, so a type emitted "
            + "for a module's type (a proxy, a mapper) throws NotSupportedException; use AssemblyBuilderAccess.RunAndCollect and keep no emitted "
            + "type of a module in a shared cache past its unload, or load this library per module",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "A dynamic assembly belongs to the caller's load context (or the current contextual-reflection context). Defined by shared "
            + "code with Run it is a non-collectible assembly of the default context, and the runtime refuses to let it reference a module's "
            + "collectible assembly: emitting a proxy or mapper for a module type fails. RunAndCollect makes it collectible; a module then "
            + "unloads unless the library caches the emitted types in its statics.");

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

            var access = start.Compilation.GetTypeByMetadataName("System.Reflection.Emit.AssemblyBuilderAccess");
            if (access is null)
            {
                return;
            }

            var builder = start.Compilation.GetTypeByMetadataName("System.Reflection.Emit.AssemblyBuilder");
            var appDomain = start.Compilation.GetTypeByMetadataName("System.AppDomain");
            start.RegisterOperationAction(c => Analyze(c, access, builder, appDomain), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol access, INamedTypeSymbol? builder, INamedTypeSymbol? appDomain)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "DefineDynamicAssembly" || !(Is(method.ContainingType, builder) || Is(method.ContainingType, appDomain)))
        {
            return;
        }

        // Only a known access without the Collect flag: a value chosen at run time may well be RunAndCollect.
        var argument = invocation.Arguments.FirstOrDefault(a => Is(a.Parameter?.Type, access))?.Value;
        if (argument?.ConstantValue is not { HasValue: true, Value: int value } || (value & CollectFlag) != 0)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (argument is IFieldReferenceOperation { Field.Name: "Run" } && argument.Syntax is MemberAccessExpressionSyntax or IdentifierNameSyntax
            && argument.Parent?.Syntax is ArgumentSyntax { Parent: ArgumentListSyntax list } written)
        {
            properties = properties.Add(RunArgumentProperty, list.Arguments.IndexOf(written).ToString(CultureInfo.InvariantCulture));
        }

        var accessName = access.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && f.ConstantValue is int constant && constant == value)?.Name
            ?? value.ToString(CultureInfo.InvariantCulture);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.ContainingType.Name + "." + method.Name, accessName));
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
