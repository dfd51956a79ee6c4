using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Code that runs only on another runtime than a Koupleless base's CoreCLR (.NET 8 or later):
/// <list type="bullet">
/// <item>Mono: the branch of an <c>if</c> whose condition requires <c>Type.GetType("Mono.Runtime") != null</c> (the usual
/// "am I on Mono?" probe, directly or through a local it initialised, as one of the conjuncts of <c>&amp;&amp;</c>), or the
/// <c>else</c> of <c>probe == null</c>. Measured wrong on Jackett: <c>Environment.Exit</c> in its Mono-only restart path;</item>
/// <item>.NET Framework (since stop 41): the branch whose condition requires the core library to be <c>mscorlib</c>
/// (<c>typeof(object).Assembly.GetName().Name == "mscorlib"</c>; CoreCLR's is System.Private.CoreLib), or the <c>else</c> of
/// <c>!=</c>. Measured wrong on pythonnet (held-out set 14): an <c>AssemblyResolve</c> handler and its <c>LoadFrom</c>,
/// subscribed only there.</item>
/// </list>
/// What such code changes is no module's concern. A lambda created in the branch is inside it too: it exists only where
/// the branch ran.
/// </summary>
internal static class OtherRuntimeBranches
{
    private const string MonoRuntimeType = "Mono.Runtime";

    private const string FrameworkCoreLibrary = "mscorlib";

    public static bool Contains(IOperation operation)
    {
        IOperation child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: var condition } conditional
                && ((conditional.WhenTrue == child && RequiresOtherRuntime(condition)) || (conditional.WhenFalse == child && ElseRequiresOtherRuntime(condition))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool RequiresOtherRuntime(IOperation condition) => condition switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and => RequiresOtherRuntime(and.LeftOperand) || RequiresOtherRuntime(and.RightOperand),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals => IsFrameworkProbe(equals),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals => ComparesMonoProbeWithNull(notEquals),
        IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } } pattern
            => IsNull(value) && IsMonoProbe(pattern.Value),
        _ => false,
    };

    /// <summary><c>probe == null</c>, <c>probe is null</c> or <c>coreLibrary != "mscorlib"</c>: its else branch runs only on another runtime.</summary>
    private static bool ElseRequiresOtherRuntime(IOperation condition) => condition switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals when IsFrameworkProbe(notEquals) => true,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals => ComparesMonoProbeWithNull(equals),
        IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } pattern => IsNull(value) && IsMonoProbe(pattern.Value),
        _ => false,
    };

    /// <summary><c>probe == null</c> or <c>probe != null</c>, either way round (the operator is the caller's to test).</summary>
    private static bool ComparesMonoProbeWithNull(IBinaryOperation comparison)
        => (IsNull(comparison.RightOperand) && IsMonoProbe(comparison.LeftOperand)) || (IsNull(comparison.LeftOperand) && IsMonoProbe(comparison.RightOperand));

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

    /// <summary><c>typeof(object).Assembly.GetName().Name</c> compared with <c>"mscorlib"</c>, either way round.</summary>
    private static bool IsFrameworkProbe(IBinaryOperation comparison)
        => (IsCoreLibraryName(comparison.LeftOperand) && IsFrameworkName(comparison.RightOperand))
            || (IsCoreLibraryName(comparison.RightOperand) && IsFrameworkName(comparison.LeftOperand));

    private static bool IsFrameworkName(IOperation operation)
        => StaticReceivers.Unwrap(operation)?.ConstantValue is { HasValue: true, Value: string name } && string.Equals(name, FrameworkCoreLibrary, StringComparison.Ordinal);

    /// <summary><c>typeof(object).Assembly.GetName().Name</c>: the name of the core library.</summary>
    private static bool IsCoreLibraryName(IOperation operation)
        => StaticReceivers.Unwrap(operation) is IPropertyReferenceOperation { Property.Name: "Name", Instance: var name }
            && StaticReceivers.Unwrap(name) is IInvocationOperation { TargetMethod.Name: "GetName", Instance: var assembly }
            && StaticReceivers.Unwrap(assembly) is IPropertyReferenceOperation { Property.Name: "Assembly", Instance: var type }
            && StaticReceivers.Unwrap(type) is ITypeOfOperation { TypeOperand.SpecialType: SpecialType.System_Object };
}
