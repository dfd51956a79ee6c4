using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether what an <c>AppDomain.GetAssemblies()</c> scan yields passes, in the same LINQ chain, a filter on the identity
/// of a type declared in this compilation: <c>where typeof(IBootstrapper).IsAssignableFrom(type)</c>,
/// <c>where a.IsDefined(typeof(OwnAttribute))</c>, <c>where a.HasAttribute&lt;OwnAttribute&gt;()</c>, <c>OfType&lt;Own&gt;()</c>.
/// In a module, this compilation's types are the module's own copies: another module's assemblies implement or carry
/// <em>its</em> copy of the type, a different type, so only this module's can pass, and nothing of the other modules
/// comes out (LABELLING.md, stop 38: FakeItEasy's bootstrapper locator, noise on held-out set 11; JasperFx's extension
/// assemblies, noise on held-out set 13). A test must be a conjunct of the predicate (not negated, not one side of an
/// <c>||</c>), so that everything the chain lets through passed it.
/// </summary>
internal static class OwnTypeScanFilter
{
    private static readonly HashSet<string> Filters = new()
    {
        "Where", "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "Any", "Count", "LongCount",
    };

    public static bool KeepsOnlyOwnTypes(IInvocationOperation getAssemblies, IAssemblySymbol own)
    {
        IOperation current = getAssemblies;
        while (Unwrapped(current).Parent is IArgumentOperation { Parent: IInvocationOperation chained } && IsLinq(chained.TargetMethod))
        {
            if (IsOwnTypeFilter(chained, own))
            {
                return true;
            }

            current = chained;
        }

        return false;
    }

    /// <summary>The value as the next call sees it: past conversions, parentheses and the end of a query expression.</summary>
    private static IOperation Unwrapped(IOperation operation)
    {
        var current = OperationWalk.Outermost(operation);
        while (current.Parent is ITranslatedQueryOperation query)
        {
            current = OperationWalk.Outermost(query);
        }

        return current;
    }

    /// <summary>A method of <c>System.Linq.Enumerable</c>.</summary>
    internal static bool IsLinq(IMethodSymbol method)
        => method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsOwnTypeFilter(IInvocationOperation call, IAssemblySymbol own)
    {
        var method = call.TargetMethod;
        if (method.Name == "OfType")
        {
            return method.TypeArguments.Any(t => IsOwn(t, own));
        }

        if (!Filters.Contains(method.Name))
        {
            return false;
        }

        return call.Arguments.Select(a => Lambda(a.Value)).OfType<IAnonymousFunctionOperation>().Any(lambda =>
            lambda.Body.Operations.LastOrDefault() is IReturnOperation { ReturnedValue: { } predicate }
            && Conjuncts(predicate).Any(test => IsIdentityTest(test, own)));
    }

    private static IAnonymousFunctionOperation? Lambda(IOperation value)
    {
        var current = OperationWalk.Innermost(value);
        return (current as IDelegateCreationOperation)?.Target as IAnonymousFunctionOperation;
    }

    /// <summary>The parts of <c>a &amp;&amp; b &amp;&amp; c</c>: each must hold for an element to pass.</summary>
    private static IEnumerable<IOperation> Conjuncts(IOperation predicate)
    {
        var value = OperationWalk.Innermost(predicate)!;
        if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and)
        {
            return Conjuncts(and.LeftOperand).Concat(Conjuncts(and.RightOperand));
        }

        return new[] { value };
    }

    /// <summary>
    /// A call answering for one element against an own type: given <c>typeof(Own)</c> (directly, or through a local
    /// holding only that) or <c>Own</c> as a type argument; <c>x.GetCustomAttribute&lt;Own&gt;() != null</c> too.
    /// </summary>
    private static bool IsIdentityTest(IOperation test, IAssemblySymbol own)
    {
        if (test is IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } comparison
            && (IsNull(comparison.RightOperand) || IsNull(comparison.LeftOperand)))
        {
            test = OperationWalk.Innermost(IsNull(comparison.RightOperand) ? comparison.LeftOperand : comparison.RightOperand)!;
        }

        if (test is not IInvocationOperation call)
        {
            return false;
        }

        return call.TargetMethod.TypeArguments.Any(t => IsOwn(t, own))
            || call.Arguments.Any(a => NamesOwnType(a.Value, own))
            || (call.Instance is { } instance && NamesOwnType(instance, own));
    }

    private static bool IsNull(IOperation operation)
        => OperationWalk.Innermost(operation) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    private static bool NamesOwnType(IOperation value, IAssemblySymbol own)
    {
        switch (OperationWalk.Innermost(value))
        {
            case ITypeOfOperation typeOf:
                return IsOwn(typeOf.TypeOperand, own);
            case ILocalReferenceOperation local:
                return LocalHoldsOnly(local, own);
            default:
                return false;
        }
    }

    /// <summary>A local whose initializer is <c>typeof(Own)</c> and that nothing assigns afterwards.</summary>
    private static bool LocalHoldsOnly(ILocalReferenceOperation reference, IAssemblySymbol own)
    {
        var holdsOwnType = false;
        foreach (var operation in OperationWalk.Root(reference).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    holdsOwnType = declarator.Initializer?.Value is { } initial && OperationWalk.Innermost(initial) is ITypeOfOperation typeOf && IsOwn(typeOf.TypeOperand, own);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return false;
            }
        }

        return holdsOwnType;
    }

    private static bool IsOwn(ITypeSymbol type, IAssemblySymbol own)
        => type is INamedTypeSymbol { TypeKind: not TypeKind.Error } named && SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, own);
}
