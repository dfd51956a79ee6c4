using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// The KPL3005 edits, made by <see cref="DroppedResultLocal"/>: a dropped registration becomes <c>var subscription = ...;</c>,
/// then every registration gets its <c>Unloading += _ => x.Dispose();</c> (in the static constructor for a static field initializer).
/// </summary>
internal static class RegistrationRelease
{
    public static bool CanFix(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return IsFixable(node, diagnostic);
    }

    /// <summary>
    /// The release names the containing type (<c>typeof(Containing).Assembly</c>), so top-level statements get no fix:
    /// storing a dropped registration without releasing it would be half a fix.
    /// </summary>
    private static bool IsFixable(SyntaxNode node, Diagnostic diagnostic)
    {
        if (node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null)
        {
            return false;
        }

        return Storage(diagnostic) == nameof(StorageKind.Dropped)
            ? CanStoreDropped(node, diagnostic)
            : ReleaseOfStored(node, diagnostic) is not null && UnloadingRelease.CanAttach(node);
    }

    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, IEnumerable<Diagnostic> Diagnostics)> scope, CancellationToken cancellationToken)
    {
        var sitesByDocument = new List<(Document, IEnumerable<DroppedResultLocal.Site>)>();
        foreach (var (document, diagnostics) in scope)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var sites = new List<DroppedResultLocal.Site>();
            foreach (var diagnostic in diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (!IsFixable(node, diagnostic))
                {
                    continue;
                }

                sites.Add(Storage(diagnostic) == nameof(StorageKind.Dropped)
                    ? DroppedResultLocal.Site.Dropped(node, BaseName(node), "Dispose()")
                    : DroppedResultLocal.Site.Stored(node, ReleaseOfStored(node, diagnostic)!));
            }

            sitesByDocument.Add((document, sites));
        }

        return await DroppedResultLocal.ApplyAsync(solution, sitesByDocument, cancellationToken).ConfigureAwait(false);
    }

    private static string? Storage(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UndisposedListenerRegistrationAnalyzer.StorageProperty, out var storage) ? storage : null;

    private static string? Resource(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UndisposedListenerRegistrationAnalyzer.ResourceProperty, out var resource) ? resource : null;

    /// <summary>What to dispose for a registration kept in a field or local: the stored value, or the ActivityListener argument.</summary>
    private static string? ReleaseOfStored(SyntaxNode node, Diagnostic diagnostic)
    {
        if (Resource(diagnostic) == nameof(RegistrationResource.Argument))
        {
            var argument = node is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count == 1
                ? invocation.ArgumentList.Arguments[0].Expression
                : null;
            return argument is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                ? argument.WithoutTrivia() + ".Dispose()"
                : null;
        }

        return UnloadingRelease.StoredName(node) is { } name ? name + ".Dispose()" : null;
    }

    /// <summary>
    /// Whether the dropped registration can be kept in a new local: <c>Register(...);</c> or <c>_ = Register(...);</c>
    /// directly in a block, or the whole body of an expression-bodied void member. Not for
    /// <c>AddActivityListener(new ActivityListener())</c>: the listener, not the call's result, needs a name.
    /// </summary>
    private static bool CanStoreDropped(SyntaxNode node, Diagnostic diagnostic)
        => Resource(diagnostic) != nameof(RegistrationResource.Argument) && DroppedResultLocal.CanStore(node);

    private static string BaseName(SyntaxNode registration) => registration switch
    {
        BaseObjectCreationExpressionSyntax => "listener",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Subscribe" } } => "subscription",
        _ => "registration",
    };
}
