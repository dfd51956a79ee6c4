using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// KPL1003 lists a few instance members (<c>TraceListenerCollection.Add</c>, <c>AppDomain.SetData</c>): they change
/// process state only on the process's own instance, reached through a static (<c>Trace.Listeners</c>,
/// <c>AppDomain.CurrentDomain</c>). The same collection type is also every <c>TraceSource.Listeners</c>, which belongs
/// to whoever created the source; a call on a member of another object, or on a new object, is not process-wide.
/// A local or parameter may hold the process's instance, so those are still reported.
/// </summary>
internal static class ProcessGlobalReceiver
{
    public static bool MayBeProcessGlobal(CatalogMatch match)
    {
        var receiver = match.Operation switch
        {
            IInvocationOperation invocation => invocation.Instance,
            IPropertyReferenceOperation property => property.Instance,
            _ => null,
        };

        while (receiver is IConversionOperation conversion)
        {
            receiver = conversion.Operand;
        }

        return receiver switch
        {
            null => true,
            IObjectCreationOperation => false,
            IPropertyReferenceOperation { Instance: not null } => false,
            IFieldReferenceOperation { Instance: not null } => false,
            _ => true,
        };
    }
}
