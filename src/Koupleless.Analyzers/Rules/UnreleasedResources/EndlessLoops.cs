using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Loops that keep a thread in module code forever: the condition is absent or constant true, nothing leaves the
/// loop (no break, return, throw or goto), and nothing in it observes a <c>CancellationToken</c> (a token read or
/// passed on ends the loop by throwing when cancelled). A loop on a stop flag (<c>while (!_stop)</c>) ends.
/// </summary>
internal static class EndlessLoops
{
    public static bool IsEndless(ILoopOperation loop, INamedTypeSymbol? cancellationToken)
    {
        if (!LoopsForever(loop))
        {
            return false;
        }

        return !loop.Descendants().Any(operation => LeavesLoop(operation, loop) || ObservesToken(operation, cancellationToken));
    }

    /// <summary>A way out of <paramref name="loop"/>: a break of that loop, a goto, a return or yield break, a throw.</summary>
    public static bool LeavesLoop(IOperation operation, ILoopOperation loop) => operation switch
    {
        IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
        IBranchOperation { BranchKind: BranchKind.GoTo } => true,
        IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
        IThrowOperation => true,
        _ => false,
    };

    /// <summary>A token read or passed on: it ends the loop by throwing when cancelled.</summary>
    public static bool ObservesToken(IOperation operation, INamedTypeSymbol? cancellationToken)
        => cancellationToken is not null && SymbolEqualityComparer.Default.Equals(operation.Type, cancellationToken);

    /// <summary>A <c>while</c>, <c>do</c> or <c>for</c> loop with no condition or a constant <c>true</c> one: only what is inside can end it.</summary>
    public static bool LoopsForever(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        return loop is IWhileLoopOperation or IForLoopOperation
            && (condition is null || condition.ConstantValue is { HasValue: true, Value: true });
    }

    /// <summary>The first endless loop that runs as part of <paramref name="body"/> (a lambda body or a method body).</summary>
    public static ILoopOperation? FirstIn(IOperation body, INamedTypeSymbol? cancellationToken)
        => OperationWalk.OwnDescendants(body).OfType<ILoopOperation>().FirstOrDefault(l => IsEndless(l, cancellationToken));
}
