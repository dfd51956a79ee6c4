using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Where a diagnostic about a call is shown: from the called member's name to the end of its argument list
/// (<c>client.{PostJsonAsync(dto)}</c>), not from the start of the receiver. In a fluent chain
/// (<c>url.WithHeader(...).PostJsonAsync(a).ReceiveJson&lt;B&gt;()</c>) the receiver starts lines above, and two calls of
/// one chain would otherwise share one span; this way each call is marked on its own line. A call without a receiver
/// is marked whole.
/// </summary>
internal static class CallLocation
{
    public static Location Of(IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        var name = syntax is InvocationExpressionSyntax call ? call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        } : null;

        return name is null
            ? syntax.GetLocation()
            : Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, syntax.Span.End));
    }
}
