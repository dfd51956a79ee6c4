using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3007: module code creates an AssemblyLoadContext that is not collectible. Measured on .NET 10
/// (NonCollectibleLoadContextRuntimeTests): the runtime keeps such a context, and what it loaded, after the module is gone;
/// one of a module type, or with a module handler on its Resolving event, keeps the module itself; a collectible child
/// that nobody unloads is collected with the module. Reported where the value is decided: a creation of the framework
/// type, a constructor of a module's own context type that passes false (or nothing) to its base, or a creation of such
/// a type whose constructor passes on a parameter that the creation sets false. Module role only: the base's own
/// contexts are the base's to keep.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonCollectibleLoadContextAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// How the fix makes the context collectible: <see cref="AppendArgument"/> (add <c>isCollectible: true</c> to the
    /// argument list), <see cref="AddInitializer"/> (give the constructor <c>: base(isCollectible: true)</c>), or the index
    /// of a written <c>false</c> argument to turn into <c>true</c>. Absent when the fix cannot know (below).
    /// </summary>
    public const string FixProperty = "KouplelessCollectibleFix";

    public const string AppendArgument = "append";

    public const string AddInitializer = "initializer";

    private static readonly ImmutableDictionary<string, string?> NoFix = ImmutableDictionary<string, string?>.Empty;
    private static readonly ImmutableDictionary<string, string?> AppendFix = NoFix.Add(FixProperty, AppendArgument);
    private static readonly ImmutableDictionary<string, string?> InitializerFix = NoFix.Add(FixProperty, AddInitializer);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.NonCollectibleLoadContextRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if ((RoleReader.Read(start.Options) & UnreleasedResourceRules.Roles) == 0
                || start.Compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext") is not { } loadContext)
            {
                return;
            }

            start.RegisterOperationAction(c => OnCreation(c, loadContext), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => OnConstructorChain(c, loadContext), OperationKind.Invocation);
            start.RegisterSymbolAction(c => OnType(c, loadContext), SymbolKind.NamedType);
        });
    }

    /// <summary><c>new AssemblyLoadContext(name)</c>, or a creation of a context type whose constructor passes its argument on.</summary>
    private static void OnCreation(OperationAnalysisContext context, INamedTypeSymbol loadContext)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is { } constructor && TypeHierarchy.IsOrDerivesFrom(constructor.ContainingType, loadContext)
            && CollectibleArgument(creation.Arguments, constructor, loadContext) is { } argument)
        {
            Report(context, LoadContextCollectibility.NonCollectibleBecause(argument.Value), creation.Syntax, constructor.ContainingType, FixFor(argument));
        }
    }

    /// <summary>A constructor's <c>: base(...)</c> or <c>: this(...)</c> into a context type's constructor.</summary>
    private static void OnConstructorChain(OperationAnalysisContext context, INamedTypeSymbol loadContext)
    {
        var call = (IInvocationOperation)context.Operation;
        if (call.TargetMethod is not { MethodKind: MethodKind.Constructor } constructor || call.Instance is not IInstanceReferenceOperation
            || !TypeHierarchy.IsOrDerivesFrom(constructor.ContainingType, loadContext) || context.ContainingSymbol is not IMethodSymbol { ContainingType: var owner })
        {
            return;
        }

        // The protected parameterless constructor of the framework type: not collectible; the fix passes isCollectible.
        if (SymbolEqualityComparer.Default.Equals(constructor.ContainingType, loadContext) && constructor.Parameters.IsEmpty)
        {
            Report(context, "", call.Syntax, owner, AppendFix);
        }
        else if (CollectibleArgument(call.Arguments, constructor, loadContext) is { } argument)
        {
            Report(context, LoadContextCollectibility.NonCollectibleBecause(argument.Value), call.Syntax, owner, FixFor(argument));
        }
    }

    /// <summary>
    /// A constructor of a context type that calls no base constructor in its code (the compiler's one, or one without an
    /// initializer): it runs the framework's parameterless constructor, which is not collectible. Roslyn gives such a call
    /// no operation, so it is found on the symbol.
    /// </summary>
    private static void OnType(SymbolAnalysisContext context, INamedTypeSymbol loadContext)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!SymbolEqualityComparer.Default.Equals(type.BaseType, loadContext))
        {
            return;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            var location = constructor.IsImplicitlyDeclared
                ? type.Locations.FirstOrDefault(l => l.IsInSource)
                : constructor.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ConstructorDeclarationSyntax>()
                    .FirstOrDefault(d => d.Initializer is null)?.Identifier.GetLocation();
            if (location is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    UnreleasedResourceRules.NonCollectibleLoadContextRule, location, constructor.IsImplicitlyDeclared ? NoFix : InitializerFix,
                    UserMemberNames.Of(constructor), type.Name, ""));
            }
        }
    }

    /// <summary>
    /// The argument that decides collectibility: the framework constructor's <c>isCollectible</c> (its default when omitted
    /// is an argument too), or the one a source constructor of a derived type passes on to its base.
    /// </summary>
    private static IArgumentOperation? CollectibleArgument(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol constructor, INamedTypeSymbol loadContext)
    {
        var parameter = SymbolEqualityComparer.Default.Equals(constructor.ContainingType, loadContext)
            ? constructor.Parameters.FirstOrDefault(p => p.Name == "isCollectible")
            : LoadContextCollectibility.ForwardedParameter(constructor);
        return parameter is null ? null : arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter));
    }

    /// <summary>
    /// What the fix may rewrite: an omitted argument is appended (when the parameter is the framework's name, so the fix
    /// can write <c>isCollectible: true</c>), a written <c>false</c> becomes <c>true</c>. A constant of the code's own or an
    /// opt-in flag is left to the author: it may be used elsewhere.
    /// </summary>
    private static ImmutableDictionary<string, string?> FixFor(IArgumentOperation argument)
    {
        if (argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return argument.Parameter?.Name == "isCollectible" ? AppendFix : NoFix;
        }

        return argument.Value.Syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.FalseLiteralExpression)
            && argument.Syntax is ArgumentSyntax { Parent: ArgumentListSyntax list } written
            ? NoFix.Add(FixProperty, list.Arguments.IndexOf(written).ToString(CultureInfo.InvariantCulture))
            : NoFix;
    }

    private static void Report(OperationAnalysisContext context, string? because, SyntaxNode at, INamedTypeSymbol created, ImmutableDictionary<string, string?> fix)
    {
        if (because is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                UnreleasedResourceRules.NonCollectibleLoadContextRule, at.GetLocation(), fix, UserMemberNames.Of(context.ContainingSymbol), created.Name, because));
        }
    }
}
