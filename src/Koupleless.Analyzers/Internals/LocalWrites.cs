using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// One way a method gives a value to one of its locals: the value itself (its initializer, a plain assignment), the
/// collection a <c>foreach</c> takes it from, or neither — a write whose value is not one expression (<c>ref</c>/<c>out</c>,
/// a compound assignment, an increment, a deconstruction), which a judgement of "every value it is given" must refuse.
/// </summary>
internal readonly record struct LocalWrite(IOperation? Value, IOperation? IteratedCollection);

/// <summary>Every write of a local in the code that declares it, for the rules that judge a local by all its values.</summary>
internal static class LocalWrites
{
    public static List<LocalWrite> Of(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var writes = new List<LocalWrite>();
        foreach (var operation in OperationWalk.Root(reference).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is { } initializer)
                    {
                        writes.Add(new LocalWrite(initializer.Value, null));
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    writes.Add(new LocalWrite(assignment.Value, null));
                    break;
                case IForEachLoopOperation loop when loop.Locals.Contains(local, SymbolEqualityComparer.Default):
                    writes.Add(new LocalWrite(null, loop.Collection));
                    break;
                case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, local) && IsWrittenOtherwise(other):
                    writes.Add(default);
                    break;
            }
        }

        return writes;
    }

    private static bool IsWrittenOtherwise(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        ICompoundAssignmentOperation compound => compound.Target == reference,
        IIncrementOrDecrementOperation => true,
        IDeclarationExpressionOperation => true,
        ITupleOperation => true,
        _ => false,
    };
}
