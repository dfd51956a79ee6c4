using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Finds the release that makes reflection-based System.Text.Json unload (DESIGN.md, "Unloads fine"): a call of the
/// Koupleless.Adapters release (<see cref="PackageRelease.SystemTextJson"/>), or a handler of the module's <c>AssemblyLoadContext.Unloading</c> that calls the runtime's hot-reload cache handler
/// <c>System.Text.Json.JsonSerializerOptionsUpdateHandler.ClearCache</c>. The type is internal, so the handler can only
/// name it in a string for reflection; the search is syntactic because the handler may sit in any file of the project
/// (an operation action may only use its own file's semantic model), and it runs once per compilation, only when a
/// reflection-based call was found.
/// </summary>
internal static class JsonCacheClearingHandler
{
    public const string HandlerTypeName = "JsonSerializerOptionsUpdateHandler";

    public static bool ExistsIn(Compilation compilation, CancellationToken cancellationToken)
        => PackageRelease.SystemTextJson.IsCalledIn(compilation, cancellationToken)
            || compilation.SyntaxTrees.Any(tree => ExistsIn(tree.GetRoot(cancellationToken)));

    private static bool ExistsIn(SyntaxNode root)
    {
        if (!NamesHandler(root))
        {
            return false;
        }

        foreach (var subscription in root.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (!subscription.IsKind(SyntaxKind.AddAssignmentExpression) || !IsUnloadingOfModuleContext(subscription.Left))
            {
                continue;
            }

            switch (subscription.Right)
            {
                case AnonymousFunctionExpressionSyntax lambda when NamesHandler(lambda):
                    return true;
                case IdentifierNameSyntax or MemberAccessExpressionSyntax when HandlerMethodNamesHandler(root, MethodName(subscription.Right)):
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>x.Unloading</c>, except on <c>AssemblyLoadContext.Default</c>, whose Unloading never fires.</summary>
    private static bool IsUnloadingOfModuleContext(ExpressionSyntax target)
        => target is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Unloading" } access
            && access.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Default" };

    private static string MethodName(ExpressionSyntax handler) => handler switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => string.Empty,
    };

    private static bool HandlerMethodNamesHandler(SyntaxNode root, string name)
        => root.DescendantNodes().Any(node => node switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText == name && NamesHandler(method),
            LocalFunctionStatementSyntax local => local.Identifier.ValueText == name && NamesHandler(local),
            _ => false,
        });

    private static bool NamesHandler(SyntaxNode scope)
        => scope.DescendantTokens().Any(token => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.InterpolatedStringTextToken
            && token.ValueText.IndexOf(HandlerTypeName, System.StringComparison.Ordinal) >= 0);
}
