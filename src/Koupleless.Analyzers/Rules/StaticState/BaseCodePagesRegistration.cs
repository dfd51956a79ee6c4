using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// <c>Encoding.RegisterProvider(CodePagesEncodingProvider.Instance)</c> in code that runs in the default context once for
/// every module — a shared library, the base itself — is what KPL1003 asks of a module: register the framework's
/// code-pages provider once, in the base. It keeps nothing of a module's, and a second registration changes nothing.
/// Labelled noise in the Shared pass of eight released packages (AngleSharp, SharpCompress, QRCoder, PdfPig, EPPlus,
/// Terminal.Gui, MetadataExtractor) and a hazard in their Module pass, where a module's copy changes, for good and for
/// every module, which encodings resolve. A module's own provider, or any call in module code, is still reported.
/// </summary>
internal static class BaseCodePagesRegistration
{
    public static bool Is(CatalogMatch match)
        => (match.Role & KouplelessRole.Module) == 0
            && match.Symbol is IMethodSymbol { Name: "RegisterProvider", ContainingType: { Name: "Encoding" } encoding }
            && IsSystemText(encoding)
            && match.Operation is IInvocationOperation { Arguments.Length: 1 } registration
            && StaticReceivers.Unwrap(registration.Arguments[0].Value) is IPropertyReferenceOperation
            {
                Property: { Name: "Instance", IsStatic: true, ContainingType: { Name: "CodePagesEncodingProvider" } provider },
            }
            && IsSystemText(provider);

    private static bool IsSystemText(INamedTypeSymbol type) => type.ContainingNamespace?.ToDisplayString() == "System.Text";
}
