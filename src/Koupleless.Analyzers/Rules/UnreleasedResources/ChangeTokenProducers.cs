using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Whose object a <c>ChangeToken.OnChange(producer, ...)</c> registers on. The producer (<c>config.GetReloadToken</c>,
/// <c>() => monitor.GetChangeToken()</c>) keeps the callback until the registration is disposed; it pins the module
/// only when it outlives the module: the base's configuration or options, or a static of a shared library. In a module
/// that owns its host, a producer reached through instances (the configuration its host gives it, a section of it) is
/// the module's own; one read from a static member is not.
/// </summary>
internal static class ChangeTokenProducers
{
    private const string ChangeTokenType = "Microsoft.Extensions.Primitives.ChangeToken";

    /// <summary>Whether <paramref name="registration"/> is a <c>ChangeToken.OnChange</c> whose producer reads no static member.</summary>
    public static bool IsReachedThroughInstances(IOperation registration)
    {
        if (registration is not IInvocationOperation { TargetMethod: { Name: "OnChange", ContainingType: { } type } } invocation
            || type.ToDisplayString() != ChangeTokenType
            || invocation.Arguments.Length == 0)
        {
            return false;
        }

        var producer = OperationWalk.Innermost(invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value);
        if (producer is IDelegateCreationOperation creation)
        {
            producer = creation.Target;
        }

        if (producer is null or IMethodReferenceOperation { Method.IsStatic: true })
        {
            return false; // a static method: state of the process, not of the module's host (or code that does not bind)
        }

        return !producer.DescendantsAndSelf().Any(ReadsStaticMember);
    }

    private static bool ReadsStaticMember(IOperation operation) => operation switch
    {
        IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } } => true,
        IPropertyReferenceOperation { Property.IsStatic: true } => true,
        IEventReferenceOperation { Event.IsStatic: true } => true,
        _ => false,
    };
}
