using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether an operation runs inside a scope opened earlier in the same method by a call such as
/// <c>AssemblyLoadContext.EnterContextualReflection(...)</c> or <c>ExecutionContext.SuppressFlow()</c>:
/// <c>using (Open()) { here }</c>, <c>using var s = Open(); here</c>, or <c>var s = Open(); ... here</c>.
/// </summary>
internal static class EnclosingScope
{
    /// <param name="operation">The operation to test.</param>
    /// <param name="opensScope">True for the invocation that opens the scope.</param>
    /// <param name="leavesScope">
    /// True for a function (lambda, local function) whose body does not run in the scope it is declared in
    /// (for example a callback queued with a variant that drops the execution context); the walk stops there.
    /// </param>
    public static bool IsInside(IOperation operation, Func<IInvocationOperation, bool> opensScope, Func<IOperation, bool>? leavesScope = null)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IUsingOperation @using when child == @using.Body && Opens(@using.Resources, opensScope):
                    return true;

                case IBlockOperation block when OpenedBefore(block, child, opensScope):
                    return true;

                case IAnonymousFunctionOperation or ILocalFunctionOperation when leavesScope?.Invoke(parent) == true:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A statement before <paramref name="child"/> in the block opened a scope that is still open.</summary>
    private static bool OpenedBefore(IBlockOperation block, IOperation child, Func<IInvocationOperation, bool> opensScope)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == child)
            {
                return false;
            }

            if (statement is IUsingDeclarationOperation or IVariableDeclarationGroupOperation or IExpressionStatementOperation
                && Opens(statement, opensScope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement opens a scope itself; one opened inside a lambda of the statement is that lambda's own business.</summary>
    private static bool Opens(IOperation? operation, Func<IInvocationOperation, bool> opensScope)
        => operation is not null
            && operation.DescendantsAndSelf().OfType<IInvocationOperation>()
                .Any(i => opensScope(i) && !NestedFunctions.IsInNestedFunction(i, within: operation));

    /// <summary><c>AssemblyLoadContext.EnterContextualReflection(assembly)</c> or <c>context.EnterContextualReflection()</c>.</summary>
    public static bool IsEnterContextualReflection(IInvocationOperation invocation, INamedTypeSymbol assemblyLoadContext)
        => invocation.TargetMethod.Name == "EnterContextualReflection"
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, assemblyLoadContext);
}
