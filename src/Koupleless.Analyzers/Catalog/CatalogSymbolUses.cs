using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Catalog;

/// <summary>
/// The symbols an operation uses, in the terms catalog lines are written in: a property write uses the property
/// and its set accessor (so "M:...set_X(...)" lists only writes), a read uses the property and its get accessor,
/// an event subscription uses the event and its add accessor, an object creation uses the constructor and the type.
/// </summary>
internal static class CatalogSymbolUses
{
    public delegate void SymbolUse(ISymbol symbol);

    public static void ForEach(IOperation operation, SymbolUse use)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                use(invocation.TargetMethod);
                if (invocation.TargetMethod.ReducedFrom is { } reducedFrom)
                {
                    use(reducedFrom);
                }

                break;

            case IObjectCreationOperation creation:
                if (creation.Constructor is { } constructor)
                {
                    use(constructor);
                }

                if (creation.Type is { } createdType)
                {
                    use(createdType);
                }

                break;

            case IPropertyReferenceOperation propertyReference:
                var property = propertyReference.Property;
                use(property);
                var access = ValueAccess.Of(propertyReference);
                if (access.HasFlag(ValueAccess.Kind.Read) && property.GetMethod is { } getter)
                {
                    use(getter);
                }

                if (access.HasFlag(ValueAccess.Kind.Write) && property.SetMethod is { } setter)
                {
                    use(setter);
                }

                break;

            case IEventAssignmentOperation { EventReference: IEventReferenceOperation eventReference } eventAssignment:
                use(eventReference.Event);
                var accessor = eventAssignment.Adds ? eventReference.Event.AddMethod : eventReference.Event.RemoveMethod;
                if (accessor is not null)
                {
                    use(accessor);
                }

                break;

            case IFieldReferenceOperation fieldReference:
                use(fieldReference.Field);
                break;

            case IMethodReferenceOperation methodReference:
                use(methodReference.Method);
                break;
        }
    }

    /// <summary>Where a diagnostic about <paramref name="operation"/> should point: the member, not the arguments.</summary>
    public static Location LocationOf(IOperation operation) => operation switch
    {
        IInvocationOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation } => invocation.Expression.GetLocation(),
        IEventAssignmentOperation eventAssignment => eventAssignment.EventReference.Syntax.GetLocation(),
        _ => operation.Syntax.GetLocation(),
    };

    /// <summary>How a symbol is shown in messages: accessors as their property or event.</summary>
    public static string Display(ISymbol symbol)
    {
        var shown = symbol is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : symbol;
        return shown.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
    }
}
