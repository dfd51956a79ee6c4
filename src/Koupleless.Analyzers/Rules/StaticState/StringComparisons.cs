using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// A string read only to be compared with another: an operand of <c>==</c>/<c>!=</c>, or the receiver or argument of
/// <c>string.Equals</c>, <c>Compare</c>, <c>StartsWith</c>, <c>EndsWith</c>, <c>Contains</c> or <c>IndexOf</c>. A code
/// used so (FluentStorage's <c>ConnectionStringPrefix.AwsS3 == prefix</c>) decides nothing by its text alone: the library
/// only matches what it receives against it.
/// </summary>
internal static class StringComparisons
{
    public static bool IsCompared(IOperation read)
    {
        var value = OperationWalk.Outermost(read);
        return value.Parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } => true,
            IInvocationOperation { TargetMethod: var method } call when call.Instance == value => IsComparison(method),
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod: var method } } => IsComparison(method),
            _ => false,
        };
    }

    private static bool IsComparison(IMethodSymbol method)
        => method.ContainingType.SpecialType == SpecialType.System_String
            && method.Name is "Equals" or "Compare" or "CompareOrdinal" or "StartsWith" or "EndsWith" or "Contains" or "IndexOf" or "LastIndexOf";
}
