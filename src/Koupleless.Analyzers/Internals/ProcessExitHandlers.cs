using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Code that runs only when the process exits: a handler of <c>AppDomain.ProcessExit</c>, as a lambda at the
/// subscription or as a method of this compilation subscribed by name (<c>ProcessExit += OnExit</c>). Changing
/// process-wide state or shutting a shared library down there affects no module that is still running (measured on
/// Jackett: <c>LogManager.Shutdown()</c> in its ProcessExit handler). Subscribed methods are read once per
/// compilation, and only when asked (a process-wide finding in a method).
/// </summary>
internal sealed class ProcessExitHandlers
{
    private static readonly string[] EventName = { "ProcessExit" };

    private readonly Compilation _compilation;
    private readonly IEventSymbol? _processExit;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _subscribed;

    public ProcessExitHandlers(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _processExit = compilation.GetTypeByMetadataName("System.AppDomain")?.GetMembers("ProcessExit").OfType<IEventSymbol>().FirstOrDefault();
        _subscribed = new Lazy<ImmutableHashSet<IMethodSymbol>>(() => FindSubscribedMethods(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether <paramref name="operation"/> runs only inside a ProcessExit handler.</summary>
    public bool RunsOnlyAtExit(IOperation operation, ISymbol containingSymbol)
    {
        if (_processExit is null)
        {
            return false;
        }

        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation function)
            {
                // The innermost lambda decides: a lambda inside the handler that is stored or queued may run later.
                return IsHandlerAtSubscription(function);
            }
        }

        return containingSymbol is IMethodSymbol method && _subscribed.Value.Contains(method.OriginalDefinition);
    }

    private bool IsHandlerAtSubscription(IAnonymousFunctionOperation function)
        => function.Parent is IDelegateCreationOperation { Parent: IEventAssignmentOperation { Adds: true } assignment }
            && IsProcessExit(assignment.EventReference);

    private bool IsProcessExit(IOperation? reference)
        => reference is IEventReferenceOperation { Event: var @event } && SymbolEqualityComparer.Default.Equals(@event.OriginalDefinition, _processExit);

    private ImmutableHashSet<IMethodSymbol> FindSubscribedMethods(CancellationToken cancellationToken)
    {
        var methods = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in TreesNaming.Any(_compilation, EventName, cancellationToken))
        {
            var subscriptions = tree.GetRoot(cancellationToken).DescendantNodes()
                .OfType<AssignmentExpressionSyntax>()
                .Where(a => a.IsKind(SyntaxKind.AddAssignmentExpression) && a.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ProcessExit" })
                .ToList();
            if (subscriptions.Count == 0)
            {
                continue;
            }

#pragma warning disable RS1030 // Only on demand, once per compilation: the handler is declared apart from where it is subscribed.
            var model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            foreach (var subscription in subscriptions)
            {
                if (model.GetOperation(subscription, cancellationToken) is IEventAssignmentOperation { Adds: true, HandlerValue: IDelegateCreationOperation { Target: IMethodReferenceOperation handler } } assignment
                    && IsProcessExit(assignment.EventReference))
                {
                    methods.Add(handler.Method.OriginalDefinition);
                }
            }
        }

        return methods.ToImmutable();
    }
}
