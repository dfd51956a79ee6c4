using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// KPL1003: <c>CultureInfo.DefaultThreadCurrentCulture = x</c> becomes <c>CultureInfo.CurrentCulture = x</c>
/// (likewise the UI culture). The default thread culture is one per process and applies to every thread of every
/// module; the current culture lives in the execution context, so it flows into this module's own awaits, tasks and
/// threads and leaves the base and the other modules alone.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DefaultThreadCultureFixer))]
[Shared]
public sealed class DefaultThreadCultureFixer : CodeFixProvider
{
    public const string EquivalenceKey = "KPL1003.UseFlowingCulture";

    /// <summary>
    /// The CultureInfo properties this fix handles and the property each becomes. Matched on the symbol, not on the
    /// catalog line, so the fix also applies when an enterprise table lists the same property another way.
    /// </summary>
    private static readonly ImmutableDictionary<string, string> Replacements = ImmutableDictionary<string, string>.Empty
        .Add("DefaultThreadCurrentCulture", "CurrentCulture")
        .Add("DefaultThreadCurrentUICulture", "CurrentUICulture");

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ProcessGlobalStateMutation);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var name = FixableName(root, diagnostic, semanticModel, context.CancellationToken);
            if (name is null
                || semanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol is not IPropertySymbol { IsStatic: true } property
                || property.ContainingType?.ToDisplayString() != "System.Globalization.CultureInfo"
                || !Replacements.TryGetValue(property.Name, out var newName))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Set CultureInfo.{newName} (flows with the async context) instead",
                    ct => ReplaceAsync(context.Document, name, newName, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The property name to rename, or null when the rename would change behaviour: only a plain assignment
    /// (<c>??=</c> never assigns CurrentCulture, which is never null) of a value that is not null (the
    /// CurrentCulture setter throws on null, where null resets the default culture).
    /// </summary>
    private static SimpleNameSyntax? FixableName(SyntaxNode root, Diagnostic diagnostic, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var target = node is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax access } && access.Name == node ? access : node;
        var name = target switch
        {
            MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };

        if (name is null
            || target.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
            || assignment.Left != target)
        {
            return null;
        }

        var value = semanticModel.GetConstantValue(assignment.Right, cancellationToken);
        return value.HasValue && value.Value is null ? null : name;
    }

    private static async Task<Document> ReplaceAsync(Document document, SimpleNameSyntax name, string newName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var oldToken = name.Identifier;
        var newToken = SyntaxFactory.Identifier(oldToken.LeadingTrivia, newName, oldToken.TrailingTrivia);
        return document.WithSyntaxRoot(root.ReplaceToken(oldToken, newToken));
    }
}
