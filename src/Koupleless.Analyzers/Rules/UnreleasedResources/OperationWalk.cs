using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>Small steps over IOperation trees that the unreleased-resource rules share.</summary>
internal static class OperationWalk
{
    /// <summary>The operation a value flows into, past implicit and explicit conversions.</summary>
    public static IOperation Outermost(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>The top of the operation tree an operation is in: the body of the member (or initializer) it belongs to.</summary>
    public static IOperation Root(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root;
    }

    /// <summary>The operation that produced a value, past conversions.</summary>
    public static IOperation? Innermost(IOperation? operation)
    {
        var current = operation;
        while (current is IConversionOperation conversion)
        {
            current = conversion.Operand;
        }

        while (current is IParenthesizedOperation parenthesized)
        {
            current = parenthesized.Operand;
        }

        return current;
    }

    /// <summary>The field or local an instance expression reads, seeing through <c>x?.M()</c>; null for anything else.</summary>
    public static ISymbol? TrackedSymbol(IOperation? instance)
    {
        var value = Innermost(instance);
        if (value is IConditionalAccessInstanceOperation)
        {
            var parent = value.Parent;
            while (parent is not null and not IConditionalAccessOperation)
            {
                parent = parent.Parent;
            }

            value = Innermost((parent as IConditionalAccessOperation)?.Operation);
        }

        return value switch
        {
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
    }

    /// <summary>Whether a read of a field or local hands its value to someone else (who may then own and release it).</summary>
    public static bool IsEscapingRead(IOperation reference)
    {
        var current = Outermost(reference);
        switch (current.Parent)
        {
            case null:
                return false;
            case IInvocationOperation invocation when invocation.Instance == current:
            case IMemberReferenceOperation member when member.Instance == current:
            case IConditionalAccessOperation access when access.Operation == current:
            case ISimpleAssignmentOperation assignment when assignment.Target == current:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == current:
            case ICoalesceOperation coalesceValue when coalesceValue.Value == current:
            case IEventAssignmentOperation:
            case IBinaryOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
            case IUsingOperation:
            case IExpressionStatementOperation:
            case IAwaitOperation:
                return false;
            default:
                return true;
        }
    }

    /// <summary>Every descendant that runs as part of <paramref name="root"/> itself, not inside a nested lambda or local function.</summary>
    public static System.Collections.Generic.IEnumerable<IOperation> OwnDescendants(IOperation root)
    {
        var stack = new System.Collections.Generic.Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                yield return child;
                stack.Push(child);
            }
        }
    }
}
