using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3002: a thread, task or thread-pool work item started by module code whose body runs an endless loop that
/// observes no cancellation token (see <see cref="EndlessLoops"/>). Measured (DESIGN.md): a never-ending thread or
/// LongRunning task keeps the context alive; a thread that ends does not. The body is the lambda passed, a method of
/// the same type passed as a method group, or a method of the same type the lambda calls.
/// A started <c>Thread</c> kept in a field is released by <c>Interrupt()</c> on a release path of the type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnstoppedThreadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The endless loops to make cancellable, as additional locations of the diagnostic (for the code fix).</summary>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnreleasedResourceRules.UnstoppedThreadRule, UnreleasedResourceRules.StaticDefaultThreadRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if ((RoleReader.Read(context.Options) & UnreleasedResourceRules.Roles) == 0)
        {
            return;
        }

        var compilation = context.Compilation;
        var types = new ThreadTypes(
            compilation.GetTypeByMetadataName("System.Threading.Thread"),
            compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
            compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory"),
            compilation.GetTypeByMetadataName("System.Threading.ThreadPool"),
            compilation.GetTypeByMetadataName("System.Threading.CancellationToken"));
        if (types.Thread is null && types.Task is null)
        {
            return;
        }

        var tokens = new TokenTypes(types.CancellationToken, compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource"));

        // A thread of a static default is reported at the compilation's end: the module may dispose the default from
        // any of its types (its Unloading handler), which are analysed in no set order.
        var staticDefaultThreads = new StaticDefaultReleases(new ProcessExitHandlers(compilation, context.CancellationToken));
        staticDefaultThreads.Register(context);
        context.RegisterSymbolStartAction(start => OnTypeStart(start, types, tokens, staticDefaultThreads), SymbolKind.NamedType);
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, ThreadTypes types, TokenTypes tokens, StaticDefaultReleases staticDefaultThreads)
    {
        var facts = TypeReleaseFacts.Collect(
            context, t => SymbolEqualityComparer.Default.Equals(t, types.Thread) || SymbolEqualityComparer.Default.Equals(t, tokens.Source));
        var type = (INamedTypeSymbol)context.Symbol;
        var endlessMethods = new ConcurrentDictionary<ISymbol, ILoopOperation>(SymbolEqualityComparer.Default);
        var releaseEndedMethods = new ConcurrentDictionary<ISymbol, ILoopOperation>(SymbolEqualityComparer.Default);
        var tokenEndedMethods = new ConcurrentDictionary<ISymbol, (ILoopOperation Loop, ISymbol Token)>(SymbolEqualityComparer.Default);
        var stopFlags = new ConcurrentDictionary<ILoopOperation, ImmutableArray<IFieldSymbol>>();
        var starts = new ConcurrentBag<(IOperation Start, IOperation Body, ISymbol Creator, string Kind)>();
        var flags = new StopFlagWrites(type);
        var sources = new TokenSourceFields(type, tokens.Source);

        // Three readers of a type's field writes share one visit of each: the stop flags, the token sources and the
        // objects the type creates for its fields (whose static default may own a thread).
        context.RegisterOperationAction(
            c =>
            {
                flags.OnWrite(c);
                sources.OnAssignment(c);
                staticDefaultThreads.OnOwnedCreation(c);
            },
            OperationKind.SimpleAssignment);
        context.RegisterOperationAction(
            c =>
            {
                sources.OnInitializer(c);
                staticDefaultThreads.OnOwnedCreation(c);
            },
            OperationKind.FieldInitializer);
        var delegateFields = new ConcurrentDictionary<ISymbol, IDelegateCreationOperation>(SymbolEqualityComparer.Default);
        context.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is IFieldSymbol { IsStatic: true, IsReadOnly: true } field)
            {
                foreach (var root in block.OperationBlocks)
                {
                    if (root is IFieldInitializerOperation { Value: var value } && OperationWalk.Innermost(value) is IDelegateCreationOperation kept)
                    {
                        delegateFields.TryAdd(field.OriginalDefinition, kept);
                    }
                }

                return;
            }

            if (block.OwningSymbol is not IMethodSymbol method)
            {
                return;
            }

            // One walk of the method's own operations finds its loops; each kind is then the first loop of that kind.
            var loops = block.OperationBlocks.SelectMany(OperationWalk.OwnDescendants).OfType<ILoopOperation>().ToList();
            if (loops.FirstOrDefault(l => EndlessLoops.IsEndless(l, types.CancellationToken)) is { } endless)
            {
                endlessMethods.TryAdd(method.OriginalDefinition, endless);
                return;
            }

            foreach (var loop in loops)
            {
                if (ReleaseEndedLoops.FlagsEnding(loop, types.CancellationToken, type) is { IsDefaultOrEmpty: false } loopFlags)
                {
                    releaseEndedMethods.TryAdd(method.OriginalDefinition, loop);
                    stopFlags.TryAdd(loop, loopFlags);
                    return;
                }
            }

            foreach (var loop in loops)
            {
                if (TokenEndedLoops.TokenEnding(loop, tokens, type) is { } token)
                {
                    tokenEndedMethods.TryAdd(method.OriginalDefinition, (loop, token));
                    return;
                }
            }
        });
        context.RegisterOperationAction(
            c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (SymbolEqualityComparer.Default.Equals(creation.Type, types.Thread) && creation.Arguments.Length > 0)
                {
                    starts.Add((creation, creation.Arguments[0].Value, c.ContainingSymbol, "thread"));
                }
            },
            OperationKind.ObjectCreation);
        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (types.StartKind(invocation.TargetMethod) is { } kind && invocation.Arguments.Length > 0)
                {
                    var body = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.TypeKind == TypeKind.Delegate)?.Value;
                    if (body is not null)
                    {
                        starts.Add((invocation, body, c.ContainingSymbol, kind));
                    }
                }
            },
            OperationKind.Invocation);
        context.RegisterSymbolEndAction(end =>
        {
            List<ISymbol>? staticDefaults = null;
            foreach (var (start, body, creator, kind) in starts)
            {
                if (start is IObjectCreationOperation creation && !IsStartedAndKept(creation, creator, facts))
                {
                    continue;
                }

                if (LoopOf(body, endlessMethods, t => EndlessLoops.FirstIn(t, types.CancellationToken), delegateFields) is { } loop)
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        UnreleasedResourceRules.UnstoppedThreadRule,
                        start.Syntax.GetLocation(),
                        additionalLocations: new[] { loop.Syntax.GetLocation() },
                        kind));
                    continue;
                }

                // A loop that ends when its object is disposed, on an object a static default holds and nothing disposes:
                // one waiting for a stop flag, or for a token of the type's own source, that only the release sets.
                if (creator is { IsStatic: false }
                    && ((LoopOf(body, releaseEndedMethods, t => ReleaseEndedLoops.FirstIn(t, types.CancellationToken, type)?.Loop, delegateFields) is { } ended
                            && stopFlags.TryGetValue(ended, out var loopFlags)
                            && flags.AreSetOnlyWhenReleased(loopFlags, facts))
                        || (StartedDelegate(body, delegateFields) is { } started
                            && TokenEndedLoops.SourceEnding(started, tokenEndedMethods, tokens, type) is { } source
                            && sources.IsCancelledOnlyWhenReleased(source, facts))))
                {
                    staticDefaults ??= StaticDefaults.Of(type, end.CancellationToken);
                    staticDefaultThreads.Add(
                        type, start.Syntax.GetLocation(), UnreleasedResourceRules.StaticDefaultThreadRule,
                        staticDefaults.Count > 0 ? StaticDefaults.VisibleName(type, staticDefaults[0]) : null, kind);
                }
            }
        });
    }

    private static ILoopOperation? LoopOf(
        IOperation body,
        ConcurrentDictionary<ISymbol, ILoopOperation> loopMethods,
        Func<IOperation, ILoopOperation?> firstIn,
        ConcurrentDictionary<ISymbol, IDelegateCreationOperation> delegateFields)
    {
        if (StartedDelegate(body, delegateFields) is not { } creation)
        {
            return null;
        }

        switch (creation.Target)
        {
            case IMethodReferenceOperation method:
                return loopMethods.TryGetValue(method.Method.OriginalDefinition, out var methodLoop) ? methodLoop : null;
            case IAnonymousFunctionOperation lambda:
                if (firstIn(lambda.Body) is { } loop)
                {
                    return loop;
                }

                foreach (var call in OperationWalk.OwnDescendants(lambda.Body).OfType<IInvocationOperation>())
                {
                    if (loopMethods.TryGetValue(call.TargetMethod.OriginalDefinition, out var calledLoop))
                    {
                        return calledLoop;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The delegate a start runs: the lambda or method group passed, or one kept in a static readonly field of the type
    /// (Pipelines.Sockets.Unofficial's <c>static readonly ParameterizedThreadStart ThreadRunWorkLoop = state =&gt;
    /// ((Scheduler)state).RunWorkLoop();</c>).
    /// </summary>
    private static IDelegateCreationOperation? StartedDelegate(IOperation body, ConcurrentDictionary<ISymbol, IDelegateCreationOperation> delegateFields)
    {
        var innermost = OperationWalk.Innermost(body);
        if (innermost is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }
            && delegateFields.TryGetValue(field.OriginalDefinition, out var kept))
        {
            return kept;
        }

        return innermost as IDelegateCreationOperation;
    }

    /// <summary>A thread only runs once started; one kept in a field or local is stopped by Interrupt() on a release path.</summary>
    private static bool IsStartedAndKept(IObjectCreationOperation creation, ISymbol creator, TypeReleaseFacts facts)
    {
        var storage = ResourceStorage.Of(creation);
        switch (storage.Kind)
        {
            case StorageKind.Dropped:
                return OperationWalk.Outermost(creation).Parent is IInvocationOperation { TargetMethod.Name: "Start" or "UnsafeStart" };
            case StorageKind.Field or StorageKind.Local when storage.Symbol is { } symbol && !facts.Escapes(symbol):
                return facts.UsesOf(symbol).Any(u => u.Member.Name is "Start" or "UnsafeStart")
                    && !facts.IsReleased(symbol, creator: null, u => u.Member.Name == "Interrupt");
            default:
                return false;
        }
    }

    private sealed record ThreadTypes(
        INamedTypeSymbol? Thread,
        INamedTypeSymbol? Task,
        INamedTypeSymbol? TaskFactory,
        INamedTypeSymbol? ThreadPool,
        INamedTypeSymbol? CancellationToken)
    {
        /// <summary>"task" for Task.Run/Task.Factory.StartNew, "work item" for the thread pool, null for anything else.</summary>
        public string? StartKind(IMethodSymbol method)
        {
            var type = method.ContainingType?.OriginalDefinition;
            if ((method.Name == "Run" && SymbolEqualityComparer.Default.Equals(type, Task))
                || (method.Name == "StartNew" && SymbolEqualityComparer.Default.Equals(type, TaskFactory)))
            {
                return "task";
            }

            return method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" && SymbolEqualityComparer.Default.Equals(type, ThreadPool)
                ? "work item"
                : null;
        }
    }
}
