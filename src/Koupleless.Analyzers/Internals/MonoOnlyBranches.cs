using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Code that runs only on the Mono runtime: the branch of an <c>if</c> whose condition requires
/// <c>Type.GetType("Mono.Runtime") != null</c> (the usual "am I on Mono?" probe, directly or through a local it
/// initialised, as one of the conjuncts of <c>&amp;&amp;</c>), or the <c>else</c> of <c>probe == null</c>. A Koupleless base runs on CoreCLR, where that type does
/// not exist, so such code never runs in a module; what it changes is no module's concern (measured wrong on Jackett:
/// <c>Environment.Exit</c> in its Mono-only restart path).
/// </summary>
internal static class MonoOnlyBranches
{
    private const string MonoRuntimeType = "Mono.Runtime";

    public static bool Contains(IOperation operation)
    {
        IOperation child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: var condition } conditional
                && ((conditional.WhenTrue == child && RequiresMono(condition)) || (conditional.WhenFalse == child && IsNotMono(condition))))
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false; // a lambda may run elsewhere, later
            }
        }

        return false;
    }

    private static bool RequiresMono(IOperation condition) => condition switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and => RequiresMono(and.LeftOperand) || RequiresMono(and.RightOperand),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals
            => (IsNull(notEquals.RightOperand) && IsMonoProbe(notEquals.LeftOperand)) || (IsNull(notEquals.LeftOperand) && IsMonoProbe(notEquals.RightOperand)),
        IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } } pattern
            => IsNull(value) && IsMonoProbe(pattern.Value),
        _ => false,
    };

    /// <summary><c>probe == null</c> or <c>probe is null</c>: its else branch runs only on Mono.</summary>
    private static bool IsNotMono(IOperation condition) => condition switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals
            => (IsNull(equals.RightOperand) && IsMonoProbe(equals.LeftOperand)) || (IsNull(equals.LeftOperand) && IsMonoProbe(equals.RightOperand)),
        IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } pattern => IsNull(value) && IsMonoProbe(pattern.Value),
        _ => false,
    };

    private static bool IsNull(IOperation operation) => StaticReceivers.Unwrap(operation) is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary><c>Type.GetType("Mono.Runtime")</c>, or a local whose declaration initialises it so.</summary>
    private static bool IsMonoProbe(IOperation operation)
    {
        var value = StaticReceivers.Unwrap(operation);
        if (value is ILocalReferenceOperation { Local: var local } && local.DeclaringSyntaxReferences.Length == 1 && value.SemanticModel is { } model)
        {
            var declarator = model.GetOperation(local.DeclaringSyntaxReferences[0].GetSyntax()) as IVariableDeclaratorOperation;
            value = StaticReceivers.Unwrap(declarator?.Initializer?.Value ?? declarator?.GetVariableInitializer()?.Value);
        }

        return value is IInvocationOperation { TargetMethod: { Name: "GetType", IsStatic: true, ContainingType: { Name: "Type", ContainingNamespace.Name: "System" } } } invocation
            && invocation.Arguments.Length >= 1
            && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name }
            && string.Equals(name, MonoRuntimeType, StringComparison.Ordinal);
    }
}
