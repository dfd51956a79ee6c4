using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>Whether an expression (a field or property reference) is read, written or both where it stands.</summary>
internal static class ValueAccess
{
    [Flags]
    public enum Kind
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = Read | Write,
    }

    public static Kind Of(IOperation reference)
    {
        var parent = reference.Parent;
        switch (parent)
        {
            case ISimpleAssignmentOperation simple when simple.Target == reference:
                return simple.IsRef ? Kind.ReadWrite : Kind.Write;
            case ICompoundAssignmentOperation compound when compound.Target == reference:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
            case IIncrementOrDecrementOperation:
                return Kind.ReadWrite;
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                return Kind.ReadWrite;
            case ITupleOperation when IsDeconstructionTarget(parent):
                return Kind.Write;
            default:
                return Kind.Read;
        }
    }

    /// <summary>(a, b) = ... writes each element of the tuple on the left.</summary>
    private static bool IsDeconstructionTarget(IOperation tuple)
    {
        var current = tuple;
        while (current.Parent is ITupleOperation outer)
        {
            current = outer;
        }

        return current.Parent is IDeconstructionAssignmentOperation assignment && assignment.Target == current;
    }
}
