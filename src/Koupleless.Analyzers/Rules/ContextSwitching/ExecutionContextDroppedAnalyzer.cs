using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2005: work is started without the execution context while the code relies on a contextual-reflection scope.
/// Measured (DESIGN.md): the scope flows into QueueUserWorkItem, Task.Run, new Thread().Start() and Timer callbacks
/// (never reported), and is lost with UnsafeQueueUserWorkItem, Thread.UnsafeStart and under ExecutionContext.SuppressFlow().
/// Reported only where the loss matters: the start sits inside an EnterContextualReflection scope, or (shared and base
/// code, which resolves in the default context unless a scope is active) the callback resolves names itself or through
/// a method of the same file. Across methods of one type: a start in a method that the type calls — directly or through
/// its other methods — inside a scope it entered (per type, symbol-based; see <see cref="ScopeEnteredByCaller"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExecutionContextDroppedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The name of the variant that flows the execution context with the same parameters, when there is one.</summary>
    public const string SafeVariantProperty = "KouplelessSafeVariant";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.ExecutionContextDropped,
        title: "Work is started without the contextual-reflection scope it relies on",
        messageFormat: "'{0}' starts work without the caller's execution context, so {1} is lost there; use the variant that flows the execution context",
        DiagnosticCategories.ContextSwitching,
        DiagnosticSeverity.Warning,
        description: "AssemblyLoadContext.EnterContextualReflection stores its scope in the execution context. ThreadPool.QueueUserWorkItem, "
            + "Task.Run, Thread.Start and timers carry it to the new work; the Unsafe* variants and anything started under "
            + "ExecutionContext.SuppressFlow() do not, so name-based resolution in the callback falls back to the default context, "
            + "where modules' types are not found.");

    private const int CalleeDepth = 1;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var assemblyLoadContext = start.Compilation.GetTypeByMetadataName("System.Runtime.Loader.AssemblyLoadContext");
            var apis = NameBasedResolutionApis.Create(start.Compilation);
            if (assemblyLoadContext is null || apis is null)
            {
                return;
            }

            var droppers = ExecutionContextDroppers.Create(start.Compilation);
            // Module code resolves names in its own context whatever the scope (measured); only an explicit scope matters there.
            var callbackResolutionMatters = (RoleReader.Read(start.Options) & KouplelessRole.SharedOrBase) != 0;
            start.RegisterOperationAction(
                c => Analyze(c, droppers, apis, assemblyLoadContext, callbackResolutionMatters),
                OperationKind.Invocation,
                OperationKind.ObjectCreation);

            // Every role, like a scope entered in the same method: the code entered the scope on purpose.
            start.RegisterSymbolStartAction(
                typeStart => ScopeEnteredByCaller.Register(
                    typeStart,
                    droppers,
                    assemblyLoadContext,
                    operation => LostLocally(operation, droppers, apis, assemblyLoadContext, callbackResolutionMatters) is null,
                    (operation, lost, scopeSite) => Create(operation, droppers, lost, scopeSite)),
                SymbolKind.NamedType);
        });
    }

    private static void Analyze(
        OperationAnalysisContext context,
        ExecutionContextDroppers droppers,
        NameBasedResolutionApis apis,
        INamedTypeSymbol assemblyLoadContext,
        bool callbackResolutionMatters)
    {
        var operation = context.Operation;
        if (droppers.DropsContext(operation)
            && LostLocally(operation, droppers, apis, assemblyLoadContext, callbackResolutionMatters) is { } lost)
        {
            context.ReportDiagnostic(Create(operation, droppers, lost));
        }
    }

    /// <summary>What the start loses, judged from its own method and file; null when nothing there relies on the scope.</summary>
    private static string? LostLocally(
        IOperation operation,
        ExecutionContextDroppers droppers,
        NameBasedResolutionApis apis,
        INamedTypeSymbol assemblyLoadContext,
        bool callbackResolutionMatters)
    {
        if (!droppers.DropsContext(operation))
        {
            return null;
        }

        if (EnclosingScope.IsInside(operation, i => EnclosingScope.IsEnterContextualReflection(i, assemblyLoadContext)))
        {
            return "the contextual-reflection scope entered around it";
        }

        return callbackResolutionMatters && CallbackBodies(operation).Any(body => ResolvesByName(body, apis, CalleeDepth))
            ? "the contextual-reflection scope its callback's name-based resolution needs"
            : null;
    }

    private static Diagnostic Create(IOperation operation, ExecutionContextDroppers droppers, string lost, Location? scopeSite = null)
    {
        var method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            _ => null,
        };
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (method is not null && droppers.IsUnsafeVariant(method) && SafeVariant(method) is { } safe)
        {
            properties = properties.Add(SafeVariantProperty, safe);
        }

        var display = method is null ? operation.Syntax.ToString()
            : method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name
            : method.ContainingType.Name + "." + method.Name;
        return Diagnostic.Create(Rule, operation.Syntax.GetLocation(), scopeSite is null ? null : new[] { scopeSite }, properties, display, lost);
    }

    /// <summary>QueueUserWorkItem for UnsafeQueueUserWorkItem etc., when an overload with the same parameters exists.</summary>
    private static string? SafeVariant(IMethodSymbol unsafeMethod)
    {
        var name = unsafeMethod.Name.Substring("Unsafe".Length);
        var original = unsafeMethod.OriginalDefinition;
        return unsafeMethod.ContainingType.GetMembers(name).OfType<IMethodSymbol>().Any(m =>
            m.IsStatic == original.IsStatic
            && m.TypeParameters.Length == original.TypeParameters.Length
            && m.Parameters.Length == original.Parameters.Length
            && m.Parameters.Zip(original.Parameters, (a, b) => a.Type.ToDisplayString() == b.Type.ToDisplayString()).All(same => same))
            ? name
            : null;
    }

    private static IEnumerable<IOperation> CallbackBodies(IOperation start)
    {
        var arguments = start switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };

        // thread.UnsafeStart(): the callback was given to the Thread constructor.
        if (start is IInvocationOperation { Instance: { } instance } && ThreadCreation(instance) is { } threadCreation)
        {
            arguments = arguments.AddRange(threadCreation.Arguments);
        }

        foreach (var argument in arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            var target = value is IDelegateCreationOperation delegateCreation ? delegateCreation.Target : value;
            switch (target)
            {
                case IAnonymousFunctionOperation lambda:
                    yield return lambda.Body;
                    break;
                case IMethodReferenceOperation reference when BodyOf(reference.Method, start) is { } body:
                    yield return body;
                    break;
            }
        }
    }

    private static IObjectCreationOperation? ThreadCreation(IOperation instance)
    {
        if (instance is IObjectCreationOperation direct)
        {
            return direct;
        }

        if (instance is not ILocalReferenceOperation local)
        {
            return null;
        }

        return Root(instance).Descendants().OfType<IVariableDeclaratorOperation>()
            .Where(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local))
            .Select(d => d.Initializer?.Value)
            .OfType<IObjectCreationOperation>()
            .FirstOrDefault();
    }

    /// <summary>The body of a method or local function declared in the same file as <paramref name="site"/>.</summary>
    private static IOperation? BodyOf(IMethodSymbol method, IOperation site)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return Root(site).Descendants().OfType<ILocalFunctionOperation>()
                .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method.OriginalDefinition))?.Body;
        }

        var model = site.SemanticModel;
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (model is not null && reference.SyntaxTree == site.Syntax.SyntaxTree)
            {
                return model.GetOperation(reference.GetSyntax());
            }
        }

        return null;
    }

    private static bool ResolvesByName(IOperation body, NameBasedResolutionApis apis, int depth)
        => body.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i =>
            apis.ResolvesUnknownName(i)
            || (depth > 0 && BodyOf(i.TargetMethod, i) is { } callee && ResolvesByName(callee, apis, depth - 1)));

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }
}
