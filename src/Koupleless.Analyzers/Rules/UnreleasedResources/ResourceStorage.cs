using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>Where a newly created resource ends up, which decides who can release it.</summary>
internal enum StorageKind
{
    /// <summary>Stored in a private field of the creating type: the type's own release paths decide.</summary>
    Field,
    /// <summary>Stored in a local of the creating member.</summary>
    Local,
    /// <summary>Scoped by a using statement or declaration: always released.</summary>
    Using,
    /// <summary>Stored nowhere (an expression statement, a discard, a chained call).</summary>
    Dropped,
    /// <summary>Handed to someone else (returned, passed as an argument, stored in a property or a non-private field): their business.</summary>
    Escaped,
}

internal readonly record struct ResourceStorage(StorageKind Kind, ISymbol? Symbol)
{
    public static ResourceStorage Of(IOperation creation)
    {
        var value = OperationWalk.Outermost(creation);
        switch (value.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return OfTarget(assignment.Target, assignment);
            case ICoalesceAssignmentOperation coalesce when coalesce.Value == value:
                return OfTarget(coalesce.Target, coalesce);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return declarator.Parent?.Parent is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation }
                    || declarator.Parent?.Parent?.Parent is IUsingOperation or IUsingDeclarationOperation
                    || declarator.Parent?.Parent is IUsingOperation or IUsingDeclarationOperation
                    ? new ResourceStorage(StorageKind.Using, declarator.Symbol)
                    : new ResourceStorage(StorageKind.Local, declarator.Symbol);
            case IFieldInitializerOperation initializer when initializer.InitializedFields.Length == 1:
                return OfField(initializer.InitializedFields[0]);
            case IUsingOperation:
                return new ResourceStorage(StorageKind.Using, null);
            case IExpressionStatementOperation:
            case IInvocationOperation invocation when invocation.Instance == value:
            case IMemberReferenceOperation member when member.Instance == value:
                return new ResourceStorage(StorageKind.Dropped, null);
            default:
                return new ResourceStorage(StorageKind.Escaped, null);
        }
    }

    private static ResourceStorage OfTarget(IOperation target, IOperation assignment)
    {
        switch (OperationWalk.Innermost(target))
        {
            case IFieldReferenceOperation field:
                return OfField(field.Field);
            case ILocalReferenceOperation local:
                return new ResourceStorage(StorageKind.Local, local.Local);
            case IDiscardOperation:
                return new ResourceStorage(StorageKind.Dropped, null);
            default:
                // `x = new Timer(...)` used as a value (`return _t = ...`) escapes; a property owns what it is given.
                return new ResourceStorage(StorageKind.Escaped, null);
        }
    }

    /// <summary>
    /// Only private fields are the creating type's alone; a field others can reach may be released by them, and a
    /// rule that cannot see that would report a false positive.
    /// </summary>
    private static ResourceStorage OfField(IFieldSymbol field)
        => field.DeclaredAccessibility == Accessibility.Private
            ? new ResourceStorage(StorageKind.Field, field.OriginalDefinition)
            : new ResourceStorage(StorageKind.Escaped, field.OriginalDefinition);

    public bool IsStatic => Symbol is IFieldSymbol { IsStatic: true };
}
