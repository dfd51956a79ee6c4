using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// KPL2005 across the methods of one type: method A enters a contextual-reflection scope and, inside it, calls method B
/// of the same type (directly, or through other methods of the type); B starts work without the execution context, so
/// the scope A entered is lost in that work. Per type (symbol start/end on the named type), symbol-based: only calls
/// whose target is a non-overridable method of the type itself — the code that runs is the code analysed — and only
/// statements that run when the method runs (not inside a lambda or local function, which may run later or elsewhere).
/// Callers outside the type are not followed: whether they hold a scope is a run-time fact.
/// </summary>
internal sealed class ScopeEnteredByCaller
{
    private readonly INamedTypeSymbol _type;
    private readonly ExecutionContextDroppers _droppers;
    private readonly INamedTypeSymbol _assemblyLoadContext;
    private readonly Func<IOperation, bool> _notReportedLocally;

    /// <summary>Callee → the caller and call site of its first call inside a scope.</summary>
    private readonly ConcurrentDictionary<IMethodSymbol, (IMethodSymbol Caller, Location Site)> _calledInScope = new(SymbolEqualityComparer.Default);

    /// <summary>Calls between methods of the type outside any scope: caller → callees.</summary>
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>> _calls = new(SymbolEqualityComparer.Default);

    private readonly ConcurrentBag<(IMethodSymbol Method, IOperation Start)> _starts = new();

    /// <summary>Whether a member's body enters a scope at all: computed once per member, so the scope test stays linear.</summary>
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _entersScope = new(SymbolEqualityComparer.Default);

    private ScopeEnteredByCaller(INamedTypeSymbol type, ExecutionContextDroppers droppers, INamedTypeSymbol assemblyLoadContext, Func<IOperation, bool> notReportedLocally)
    {
        _type = type;
        _droppers = droppers;
        _assemblyLoadContext = assemblyLoadContext;
        _notReportedLocally = notReportedLocally;
    }

    public static void Register(
        SymbolStartAnalysisContext context,
        ExecutionContextDroppers droppers,
        INamedTypeSymbol assemblyLoadContext,
        Func<IOperation, bool> notReportedLocally,
        Func<IOperation, string, Location, Diagnostic> createDiagnostic)
    {
        if (context.Symbol is not INamedTypeSymbol type || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return;
        }

        var state = new ScopeEnteredByCaller(type, droppers, assemblyLoadContext, notReportedLocally);
        context.RegisterOperationAction(state.Collect, OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterSymbolEndAction(end => state.Report(end, createDiagnostic));
    }

    private void Collect(OperationAnalysisContext context)
    {
        // Only the type's own members (a nested type has its own start), and only code that runs when the member runs.
        if (context.ContainingSymbol is not IMethodSymbol member
            || !SymbolEqualityComparer.Default.Equals(member.ContainingType, _type)
            || NestedFunctions.IsInNestedFunction(context.Operation))
        {
            return;
        }

        var operation = context.Operation;
        if (operation is IInvocationOperation invocation && OwnMethod(invocation.TargetMethod) is { } callee)
        {
            if (_entersScope.GetOrAdd(member, _ => EntersScope(invocation))
                && EnclosingScope.IsInside(invocation, i => EnclosingScope.IsEnterContextualReflection(i, _assemblyLoadContext)))
            {
                _calledInScope.TryAdd(callee, (member, invocation.Syntax.GetLocation()));
            }
            else
            {
                _calls.GetOrAdd(member.OriginalDefinition, _ => new ConcurrentBag<IMethodSymbol>()).Add(callee);
            }
        }

        if (_droppers.DropsContext(operation) && _notReportedLocally(operation))
        {
            _starts.Add((member.OriginalDefinition, operation));
        }
    }

    private void Report(SymbolAnalysisContext context, Func<IOperation, string, Location, Diagnostic> createDiagnostic)
    {
        if (_starts.IsEmpty || _calledInScope.IsEmpty)
        {
            return;
        }

        // Every method the type reaches from a call made inside a scope, with the scope's caller and call site.
        var reached = new Dictionary<IMethodSymbol, (IMethodSymbol Caller, IMethodSymbol Entry, Location Site)>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        foreach (var seed in _calledInScope)
        {
            reached[seed.Key] = (seed.Value.Caller, seed.Key, seed.Value.Site);
            queue.Enqueue(seed.Key);
        }

        while (queue.Count > 0)
        {
            var method = queue.Dequeue();
            if (!_calls.TryGetValue(method, out var callees))
            {
                continue;
            }

            foreach (var callee in callees)
            {
                if (!reached.ContainsKey(callee))
                {
                    reached[callee] = reached[method];
                    queue.Enqueue(callee);
                }
            }
        }

        foreach (var (method, start) in _starts)
        {
            if (reached.TryGetValue(method, out var scope))
            {
                var lost = $"the contextual-reflection scope that '{scope.Caller.Name}' enters around its call to '{scope.Entry.Name}'";
                context.ReportDiagnostic(createDiagnostic(start, lost, scope.Site));
            }
        }
    }

    /// <summary>A method of this type whose body is the one analysed here: declared in source, not overridable.</summary>
    private IMethodSymbol? OwnMethod(IMethodSymbol target)
    {
        var method = target.OriginalDefinition;
        return method.MethodKind == MethodKind.Ordinary
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, _type)
            && !method.IsAbstract
            && (!(method.IsVirtual || method.IsOverride) || method.IsSealed || _type.IsSealed)
            && !method.DeclaringSyntaxReferences.IsEmpty
            ? method
            : null;
    }

    private bool EntersScope(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var descendant in root.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation invocation && EnclosingScope.IsEnterContextualReflection(invocation, _assemblyLoadContext))
            {
                return true;
            }
        }

        return false;
    }
}
