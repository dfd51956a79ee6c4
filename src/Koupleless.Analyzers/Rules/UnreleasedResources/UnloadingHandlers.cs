using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Recognises the module's unload hook: a handler of <c>AssemblyLoadContext.Unloading</c>. The event fires on
/// <c>Unload()</c>, and releasing a resource there is enough for the context to be collected (DESIGN.md, "Unloads fine").
/// </summary>
internal static class UnloadingHandlers
{
    public const string LoadContextTypeName = "System.Runtime.Loader.AssemblyLoadContext";

    /// <summary>A subscription to the Unloading event of a context other than the never-unloading Default one.</summary>
    public static bool IsUnloadingSubscription(IEventAssignmentOperation assignment)
    {
        if (!assignment.Adds || assignment.EventReference is not IEventReferenceOperation reference)
        {
            return false;
        }

        var @event = reference.Event;
        if (@event.Name != "Unloading" || @event.ContainingType?.ToDisplayString() != LoadContextTypeName)
        {
            return false;
        }

        return OperationWalk.Innermost(reference.Instance) is not IPropertyReferenceOperation { Property.Name: "Default" };
    }

    /// <summary>Whether <paramref name="operation"/> runs inside a lambda subscribed to Unloading.</summary>
    public static bool IsInsideUnloadingHandler(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda
                && OperationWalk.Outermost(lambda).Parent is IDelegateCreationOperation creation
                && OperationWalk.Outermost(creation).Parent is IEventAssignmentOperation assignment
                && IsUnloadingSubscription(assignment))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method a method-group handler names (<c>Unloading += OnUnloading</c>), if any.</summary>
    public static IMethodSymbol? MethodGroupHandler(IEventAssignmentOperation assignment)
        => OperationWalk.Innermost(assignment.HandlerValue) is IDelegateCreationOperation { Target: IMethodReferenceOperation method }
            ? method.Method.OriginalDefinition
            : null;
}
