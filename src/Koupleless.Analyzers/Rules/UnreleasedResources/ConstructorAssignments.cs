using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// What the instance constructors of a member's type assign to it on <c>this</c>: the values a readonly field or a
/// get-only auto-property can hold. Only constructors declared in the file of the semantic model are read (the one an
/// operation action may use; a decompiled package is one file).
/// </summary>
internal static class ConstructorAssignments
{
    public static IEnumerable<(IMethodSymbol Constructor, IOperation Value)> To(ISymbol member, SemanticModel model, CancellationToken cancellationToken)
    {
        member = member.OriginalDefinition;
        foreach (var constructor in member.ContainingType.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree || model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken) is not { } body)
                {
                    continue;
                }

                foreach (var assignment in body.Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    if (assignment.Target is IMemberReferenceOperation { Instance: IInstanceReferenceOperation } target
                        && SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member))
                    {
                        yield return (constructor, assignment.Value);
                    }
                }
            }
        }
    }
}
