using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
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

    public override FixAllProvider GetFixAllProvider() => KeylessFixAll.Create("Set CultureInfo.CurrentCulture (flows with the async context) instead", FixAllAsync);

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
            if (Rename(root, diagnostic, semanticModel, context.CancellationToken) is not { } rename)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Set CultureInfo.{rename.NewName} (flows with the async context) instead",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { rename }))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var renames = diagnostics.Select(d => Rename(root, d, semanticModel, cancellationToken)).OfType<(SimpleNameSyntax Name, string NewName)>().ToList();
        return renames.Count == 0 ? document : document.WithSyntaxRoot(Apply(root, renames));
    }

    /// <summary>The name to rename and its new text, when the diagnostic is a fixable CultureInfo default-culture assignment.</summary>
    private static (SimpleNameSyntax Name, string NewName)? Rename(SyntaxNode root, Diagnostic diagnostic, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var name = FixableName(root, diagnostic, semanticModel, cancellationToken);
        return name is not null
            && semanticModel.GetSymbolInfo(name, cancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
            && property.ContainingType?.ToDisplayString() == "System.Globalization.CultureInfo"
            && Replacements.TryGetValue(property.Name, out var newName)
                ? (name, newName)
                : null;
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

    private static SyntaxNode Apply(SyntaxNode root, IEnumerable<(SimpleNameSyntax Name, string NewName)> renames)
    {
        var byToken = renames.ToDictionary(r => r.Name.Identifier, r => r.NewName);
        return root.ReplaceTokens(byToken.Keys, (original, _) => SyntaxFactory.Identifier(original.LeadingTrivia, byToken[original], original.TrailingTrivia));
    }
}
