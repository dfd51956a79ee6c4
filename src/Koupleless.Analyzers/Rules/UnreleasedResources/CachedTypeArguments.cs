using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Which types a serializer or TypeDescriptor call will cache metadata for, as far as the call site shows them:
/// the method's type arguments (<c>Deserialize&lt;Widget&gt;</c>), <c>typeof(X)</c> or <c>x.GetType()</c> passed as a
/// <c>Type</c>, and the static type of the value passed as an <c>object</c> or generic parameter, seen through the
/// conversion to <c>object</c> (the serializer caches the runtime type, which is at least that type). A method given
/// an expression tree of a call (a background job: <c>Enqueue(() =&gt; mail.Send(new Invite(...)))</c>) serializes that
/// call's arguments: then those are what it caches, and its type arguments only name the lambda's parameter type (the
/// job's service, stored by name).
/// </summary>
internal static class CachedTypeArguments
{
    public static IEnumerable<ITypeSymbol> Of(IInvocationOperation invocation)
    {
        var expressionCall = false;
        foreach (var argument in invocation.Arguments)
        {
            if (ExpressionTreeCall(argument) is { } call)
            {
                expressionCall = true;
                foreach (var callArgument in call.Arguments)
                {
                    if (callArgument.ArgumentKind != ArgumentKind.DefaultValue && OperationWalk.Innermost(callArgument.Value)?.Type is { } type)
                    {
                        yield return type;
                    }
                }
            }
        }

        if (expressionCall)
        {
            yield break;
        }

        foreach (var typeArgument in invocation.TargetMethod.TypeArguments)
        {
            yield return typeArgument;
        }

        foreach (var type in OfArguments(invocation.Arguments))
        {
            yield return type;
        }
    }

    /// <summary>What a constructor that serializes its argument caches (<c>new BinaryData(value)</c>).</summary>
    public static IEnumerable<ITypeSymbol> Of(IObjectCreationOperation creation) => OfArguments(creation.Arguments);

    private static IEnumerable<ITypeSymbol> OfArguments(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            var value = OperationWalk.Innermost(argument.Value);
            if (parameter.Type is { Name: "Type", ContainingNamespace.Name: "System" })
            {
                if (TypeNamedBy(value) is { } named)
                {
                    yield return named;
                }
            }
            else if (parameter.Type.SpecialType == SpecialType.System_Object || parameter.OriginalDefinition.Type is ITypeParameterSymbol)
            {
                if (value?.Type is { } valueType)
                {
                    yield return valueType;
                }
            }
            else if (parameter.Type is { Name: "ValidationContext", ContainingNamespace.Name: "DataAnnotations" } && ValidatedObject(value) is { } validated)
            {
                yield return validated;
            }
        }
    }

    /// <summary>The call an <c>Expression&lt;...&gt;</c> argument's lambda makes (<c>() =&gt; x.M(a, b)</c>), or null.</summary>
    private static IInvocationOperation? ExpressionTreeCall(IArgumentOperation argument)
    {
        if (argument.Parameter?.Type is not INamedTypeSymbol { Name: "Expression", Arity: 1, ContainingNamespace: { Name: "Expressions", ContainingNamespace.Name: "Linq" } })
        {
            return null;
        }

        var lambda = OperationWalk.Innermost(argument.Value) switch
        {
            IAnonymousFunctionOperation function => function,
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation function } => function,
            _ => null,
        };
        if (lambda is null)
        {
            return null;
        }

        // An expression lambda's body: its value returned, or (a void call) the call's statement and an implicit return.
        var body = lambda.Body.Operations.Where(o => o is not IReturnOperation { ReturnedValue: null }).ToList();
        return body.Count != 1 ? null : body[0] switch
        {
            IReturnOperation { ReturnedValue: var returned } => OperationWalk.Innermost(returned) as IInvocationOperation,
            IExpressionStatementOperation { Operation: var expression } => OperationWalk.Innermost(expression) as IInvocationOperation,
            _ => null,
        };
    }

    /// <summary>
    /// The static type of the object a <c>ValidationContext</c> describes — what the validator's attribute store keys
    /// on: <c>new ValidationContext(x)</c> at the call, or an instance field of the calling type that its constructors
    /// set so (CommunityToolkit.Mvvm's <c>ObservableValidator</c> keeps <c>new ValidationContext(this)</c> in a field:
    /// a searcher's miss on the released package).
    /// </summary>
    private static ITypeSymbol? ValidatedObject(IOperation? value) => value switch
    {
        IObjectCreationOperation { Arguments.Length: > 0 } creation => OperationWalk.Innermost(creation.Arguments[0].Value)?.Type,
        IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: IInstanceReferenceOperation } reference => ConstructorValue(reference, field),
        _ => null,
    };

    private static ITypeSymbol? ConstructorValue(IOperation reference, IFieldSymbol field)
    {
        if (reference.SemanticModel is not { } model)
        {
            return null;
        }

        foreach (var (_, assigned) in ConstructorAssignments.To(field, model, default))
        {
            if (OperationWalk.Innermost(assigned) is IObjectCreationOperation { Arguments.Length: > 0 } creation
                && OperationWalk.Innermost(creation.Arguments[0].Value)?.Type is { } validated)
            {
                return validated;
            }
        }

        return null;
    }

    /// <summary><c>typeof(X)</c> → X; <c>x.GetType()</c> → the static type of x (the runtime type is at least that).</summary>
    internal static ITypeSymbol? TypeNamedBy(IOperation? value) => value switch
    {
        ITypeOfOperation typeOf => typeOf.TypeOperand,
        IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: 0, Instance: { } instance } => OperationWalk.Innermost(instance)?.Type,
        _ => null,
    };
}
