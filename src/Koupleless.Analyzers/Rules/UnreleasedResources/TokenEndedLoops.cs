using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Loops that end only when one cancellation token is cancelled: <c>while (!token.IsCancellationRequested)</c>, or a loop
/// with no condition that observes the token, with no other way out (no break, return, throw or goto) and no other token.
/// The token is a parameter of the method (the start passes it: <c>Task.Run(() => Worker(_cts.Token))</c>) or comes from
/// a <c>CancellationTokenSource</c> field of the type itself (<c>_cts.Token</c>, <c>_cts.IsCancellationRequested</c>).
/// Whether that source is cancelled only when the object is released is the caller's question; when it is, the loop runs
/// for exactly as long as its object is not disposed (the self-diagnostics refresher of ApplicationInsights and OpenTelemetry).
/// </summary>
internal static class TokenEndedLoops
{
    public static (ILoopOperation Loop, ISymbol Token)? FirstIn(IOperation body, TokenTypes types, INamedTypeSymbol owner)
    {
        foreach (var loop in OperationWalk.OwnDescendants(body).OfType<ILoopOperation>())
        {
            if (TokenEnding(loop, types, owner) is { } token)
            {
                return (loop, token);
            }
        }

        return null;
    }

    /// <summary>The one token the loop waits for: a parameter, or the type's own <c>CancellationTokenSource</c> field; else null.</summary>
    public static ISymbol? TokenEnding(ILoopOperation loop, TokenTypes types, INamedTypeSymbol owner)
    {
        ISymbol? token;
        if (EndlessLoops.LoopsForever(loop))
        {
            token = null;
        }
        else if (loop is IWhileLoopOperation { Condition: IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" } request } })
        {
            token = SourceOf(request.Instance, types, owner);
            if (token is null)
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        // What runs in the loop itself: a lambda it creates returns from the lambda, not from the loop.
        foreach (var operation in OperationWalk.OwnDescendants(loop.Body))
        {
            if (EndlessLoops.LeavesLoop(operation, loop))
            {
                return null;
            }

            if (EndlessLoops.ObservesToken(operation, types.Token))
            {
                var observed = SourceOf(operation, types, owner);
                if (observed is null || (token is not null && !SymbolEqualityComparer.Default.Equals(observed, token)))
                {
                    return null; // another token, or one this type does not own, may end the loop
                }

                token = observed;
            }
        }

        return token;
    }

    /// <summary>A token parameter, or the type's own source field (read as the source, or through its <c>Token</c>).</summary>
    private static ISymbol? SourceOf(IOperation? value, TokenTypes types, INamedTypeSymbol owner)
    {
        value = OperationWalk.Innermost(value);
        if (value is IParameterReferenceOperation { Parameter: var parameter } && SymbolEqualityComparer.Default.Equals(parameter.Type, types.Token))
        {
            return parameter;
        }

        if (value is IPropertyReferenceOperation { Property.Name: "Token", Instance: var source })
        {
            value = OperationWalk.Innermost(source);
        }

        return value is IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: { IsStatic: false } field }
            && SymbolEqualityComparer.Default.Equals(field.Type, types.Source)
            && SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, owner.OriginalDefinition)
            ? field.OriginalDefinition
            : null;
    }

    /// <summary>
    /// The type's own token source whose token alone ends the loop a started delegate runs: the loop (in the lambda, or in
    /// the method passed or called) reads the source field itself, or its method is called with <c>_source.Token</c> for
    /// the token it waits for.
    /// </summary>
    public static IFieldSymbol? SourceEnding(
        IDelegateCreationOperation started,
        IReadOnlyDictionary<ISymbol, (ILoopOperation Loop, ISymbol Token)> loopMethods,
        TokenTypes types,
        INamedTypeSymbol owner)
    {
        switch (started.Target)
        {
            case IMethodReferenceOperation method:
                return loopMethods.TryGetValue(method.Method.OriginalDefinition, out var waiting) ? waiting.Token as IFieldSymbol : null;
            case IAnonymousFunctionOperation lambda:
                if (FirstIn(lambda.Body, types, owner) is { } own)
                {
                    return own.Token as IFieldSymbol;
                }

                foreach (var call in OperationWalk.OwnDescendants(lambda.Body).OfType<IInvocationOperation>())
                {
                    if (loopMethods.TryGetValue(call.TargetMethod.OriginalDefinition, out var called))
                    {
                        return called.Token switch
                        {
                            IFieldSymbol source => source,
                            IParameterSymbol parameter => PassedSource(call, parameter, types, owner),
                            _ => null,
                        };
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The source field whose <c>Token</c> the call passes for the loop method's token parameter.</summary>
    private static IFieldSymbol? PassedSource(IInvocationOperation call, IParameterSymbol token, TokenTypes types, INamedTypeSymbol owner)
    {
        var argument = call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, token.OriginalDefinition));
        return SourceOf(argument?.Value, types, owner) as IFieldSymbol;
    }
}

/// <summary><c>CancellationToken</c> and <c>CancellationTokenSource</c> of one compilation.</summary>
internal sealed record TokenTypes(INamedTypeSymbol? Token, INamedTypeSymbol? Source);
