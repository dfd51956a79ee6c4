using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Type names built as text whose assembly part the code fixes: <c>"System.Collections.Immutable." + name + ",
/// System.Collections.Immutable"</c> (Hyperion). Whatever the type part, <c>Type.GetType</c> then looks only in that
/// assembly, so the name can never be a module's type. A variable part inside a generic argument list
/// (<c>"List`1[[" + name + "]], System.Private.CoreLib"</c>) can name any assembly and does not count.
/// </summary>
internal static class AssemblyQualifiedNames
{
    public static bool HasFixedAssemblyPart(IOperation? name, SemanticModel? model, INamedTypeSymbol? assemblyName, CancellationToken cancellationToken)
    {
        var parts = new List<IOperation>();
        if (!Flatten(StaticReceivers.Unwrap(name), parts))
        {
            return false;
        }

        var depth = 0;
        var inAssemblyPart = false;
        foreach (var part in parts)
        {
            if (part.ConstantValue is { HasValue: true, Value: string text })
            {
                foreach (var character in text)
                {
                    depth += character == '[' ? 1 : character == ']' ? -1 : 0;
                    inAssemblyPart |= character == ',' && depth == 0;
                }
            }
            else if (inAssemblyPart ? !FixedNames.IsFixed(part, model, assemblyName, cancellationToken) : depth != 0)
            {
                return false;
            }
        }

        return inAssemblyPart;
    }

    /// <summary>
    /// The operands of a string concatenation or the parts of an interpolated string, left to right; false when a part is
    /// missing (code that does not compile).
    /// </summary>
    private static bool Flatten(IOperation? operation, List<IOperation> parts)
    {
        switch (operation)
        {
            case null:
                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation
                when !concatenation.ConstantValue.HasValue:
                return Flatten(StaticReceivers.Unwrap(concatenation.LeftOperand), parts)
                    && Flatten(StaticReceivers.Unwrap(concatenation.RightOperand), parts);
            case IInterpolatedStringOperation interpolated when !interpolated.ConstantValue.HasValue:
                foreach (var part in interpolated.Parts)
                {
                    var value = part is IInterpolationOperation hole ? hole.Expression : (part as IInterpolatedStringTextOperation)?.Text;
                    if (!Flatten(StaticReceivers.Unwrap(value), parts))
                    {
                        return false;
                    }
                }

                return true;
            default:
                parts.Add(operation);
                return true;
        }
    }
}
