using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    /// <summary>
    /// Searched by a name a caller may choose: some name read is not only compared with a name the library fixed itself
    /// (<see cref="FixedNames"/>). A shared library that looks for <c>"System.Transactions"</c> or for a companion named in
    /// its own table finds what the base loaded, or what nobody did: no module chose the name (linq2db's
    /// <c>System.Transactions</c> look-up, labelled noise on held-out set 7), as KPL2001 leaves a shared library's own
    /// constant names alone.
    /// </summary>
    public static bool IsSearchedByCallersName(IInvocationOperation getAssemblies, INamedTypeSymbol? assemblyName, CancellationToken cancellationToken)
        => NameUses(getAssemblies).Any(use => !IsComparedWithFixedName(use, assemblyName, cancellationToken));

    private static IEnumerable<IOperation> NameUses(IInvocationOperation getAssemblies)
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

        return elements.Count > 0 ? root.Descendants().Where(operation => IsNameUse(operation, elements)) : Enumerable.Empty<IOperation>();
    }

    /// <summary>
    /// The name read (<c>a.GetName().Name</c>, <c>a.FullName</c>) only compared with a fixed name — by <c>==</c>, <c>!=</c>,
    /// <c>Equals</c>, <c>string.Equals</c>/<c>Compare</c>, or a pattern of constants —, or a type looked up by a fixed name
    /// (<c>a.GetType("Fixed.Name")</c>). A prefix or a part (<c>StartsWith("NLog.")</c>) matches a family of assemblies, other
    /// modules' among them, and stays a search.
    /// </summary>
    private static bool IsComparedWithFixedName(IOperation use, INamedTypeSymbol? assemblyName, CancellationToken cancellationToken)
    {
        bool Fixed(IOperation? value) => FixedNames.IsFixed(value, use.SemanticModel, assemblyName, cancellationToken);

        if (use is IInvocationOperation { TargetMethod.Name: "GetType" } lookup)
        {
            return Fixed(lookup.Arguments.FirstOrDefault()?.Value);
        }

        var name = use is IInvocationOperation { TargetMethod.Name: "GetName" } && use.Parent is IPropertyReferenceOperation { Property.Name: "Name" or "FullName" } read
            ? read
            : use;
        if (name.Type?.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        var value = OperationWalk.Outermost(name);
        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } })
        {
            // `string name = a.GetName().Name;` then `name == "X" || name == "Y"`: every read of the local must compare.
            var reads = OperationWalk.Root(value).Descendants().OfType<ILocalReferenceOperation>()
                .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local)).ToList();
            return reads.Count > 0 && reads.All(r => IsComparedWithFixed(OperationWalk.Outermost(r), Fixed));
        }

        return IsComparedWithFixed(value, Fixed);
    }

    private static bool IsComparedWithFixed(IOperation value, System.Func<IOperation?, bool> isFixed) => value.Parent switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
            => isFixed(comparison.LeftOperand == value ? comparison.RightOperand : comparison.LeftOperand),
        IIsPatternOperation pattern => !pattern.Pattern.DescendantsAndSelf().OfType<IDeclarationPatternOperation>().Any(),
        IInvocationOperation { TargetMethod.Name: "Equals" } call when call.Instance == value
            => call.Arguments.Where(a => a.Value.Type?.SpecialType == SpecialType.System_String).All(a => isFixed(a.Value)),
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Equals" or "Compare" } call }
            => (call.Instance is null || call.Instance.Type is { Name: "StringComparer", ContainingNamespace.Name: "System" } || isFixed(call.Instance))
                && call.Arguments.Where(a => a.Value != value && a.Value.Type?.SpecialType == SpecialType.System_String).All(a => isFixed(a.Value)),
        _ => false,
    };

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
