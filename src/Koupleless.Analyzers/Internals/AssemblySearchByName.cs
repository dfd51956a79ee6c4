using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether the assemblies an <c>AppDomain.GetAssemblies()</c> call returns are searched by name in the same method:
/// an element's <c>GetName()</c> or <c>FullName</c> read, or a type looked up in it by name (<c>GetType(name)</c>),
/// through a foreach, a LINQ lambda or locals. Measured (DESIGN.md): the list holds every module's copy of an
/// assembly, so a search by name in shared code can answer with another module's copy.
/// </summary>
internal static class AssemblySearchByName
{
    public static bool IsSearchedByName(IInvocationOperation getAssemblies)
    {
        var root = OperationWalk.Root(getAssemblies);

        var collections = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var elements = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<IOperation>();
        pending.Enqueue(getAssemblies);
        var seen = new HashSet<IOperation>();
        while (pending.Count > 0)
        {
            var value = pending.Dequeue();
            if (!seen.Add(value))
            {
                continue;
            }

            Follow(value, collections, elements, pending);
            foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (collections.Contains(reference.Local) && !seen.Contains(reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }

        return elements.Count > 0 && root.Descendants().Any(operation => IsNameUse(operation, elements));
    }

    /// <summary>Where the collection goes: into a local, a foreach, or a LINQ call whose lambdas see its elements.</summary>
    private static void Follow(IOperation value, HashSet<ISymbol> collections, HashSet<ISymbol> elements, Queue<IOperation> pending)
    {
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                collections.Add(declarator.Symbol);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when assignment.Value == current:
                collections.Add(local.Local);
                break;
            case IForEachLoopOperation loop when loop.Collection == current:
                foreach (var local in loop.Locals)
                {
                    elements.Add(local);
                }

                break;
            case IArgumentOperation { Parent: IInvocationOperation linq }:
                foreach (var argument in linq.Arguments)
                {
                    if (OperationLambda(argument.Value) is { } lambda)
                    {
                        foreach (var parameter in lambda.Symbol.Parameters)
                        {
                            elements.Add(parameter);
                        }
                    }
                }

                // Where/OrderBy/ToArray hand the (filtered) collection on; First/Single hand an element on.
                pending.Enqueue(linq);
                break;
        }
    }

    private static IAnonymousFunctionOperation? OperationLambda(IOperation value)
    {
        var current = value;
        while (current is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
        {
            current = current switch
            {
                IConversionOperation conversion => conversion.Operand,
                IDelegateCreationOperation creation => creation.Target,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => current,
            };
        }

        return current as IAnonymousFunctionOperation;
    }

    private static bool IsNameUse(IOperation operation, HashSet<ISymbol> elements) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "GetName", Instance: { } instance } => Names(instance, elements),
        IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: > 0, Instance: { } instance } => Names(instance, elements),
        IPropertyReferenceOperation { Property.Name: "FullName", Instance: { } instance } => Names(instance, elements),
        _ => false,
    };

    private static bool Names(IOperation instance, HashSet<ISymbol> elements)
    {
        var value = StaticReceivers.Unwrap(instance);
        return value switch
        {
            ILocalReferenceOperation local => elements.Contains(local.Local),
            IParameterReferenceOperation parameter => elements.Contains(parameter.Parameter),
            _ => false,
        };
    }
}
