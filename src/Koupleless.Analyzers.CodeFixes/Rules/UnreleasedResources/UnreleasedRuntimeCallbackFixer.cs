using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3006: release the registration (<c>Unregister(null)</c>, or <c>Dispose()</c> for a disposable catalog type) in the
/// module's AssemblyLoadContext.Unloading event, right after it is stored. Measured: a registration unregistered there
/// no longer keeps the module alive. A dropped registration (<c>Register(...);</c>, <c>_ = Register(...);</c>) is first
/// kept in a new local: nothing else could ever release it. A listener reported for a pending accept is reported on its
/// creation, so the same insertion stops it (<c>Stop()</c>, <c>Close()</c> for a Socket) once, not on every accept.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreleasedRuntimeCallbackFixer)), Shared]
public sealed class UnreleasedRuntimeCallbackFixer : CodeFixProvider
{
    public const string ReleaseOnUnloadKey = "KPL3006.ReleaseOnUnload";

    /// <summary>The local a dropped registration is kept in (numbered when the member already uses the name).</summary>
    private const string DroppedLocalName = "registration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnreleasedRuntimeCallback);

    /// <summary>One edit over the whole scope: distinct local names, one using directive, one static constructor per type.</summary>
    public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAllProvider("Release registrations when the module unloads", FixAllAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Site(root, diagnostic) is not { } site)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title(diagnostic, site),
                    ct => DroppedResultLocal.ApplyAsync(context.Document.Project.Solution, new[] { (context.Document, (IEnumerable<DroppedResultLocal.Site>)new[] { site }) }, ct),
                    ReleaseOnUnloadKey),
                diagnostic);
        }
    }

    private static string Title(Diagnostic diagnostic, DroppedResultLocal.Site site)
    {
        if (diagnostic.Properties.ContainsKey(UnreleasedRuntimeCallbackAnalyzer.PendingAcceptProperty))
        {
            return "Release the listener when the module unloads";
        }

        return site.Release is null ? "Keep the registration and release it when the module unloads" : "Release the registration when the module unloads";
    }

    private static DroppedResultLocal.Site? Site(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnreleasedRuntimeCallbackAnalyzer.ReleaseCallProperty, out var call) || call is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (ResourceReleaseCall.IsStoredIn(diagnostic, nameof(StorageKind.Dropped)))
        {
            // The release names the containing type (typeof(Containing).Assembly): no type, no fix — a local alone is half a fix.
            return DroppedResultLocal.CanStore(node) && node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not null
                ? DroppedResultLocal.Site.Dropped(node, DroppedLocalName, call)
                : null;
        }

        return UnloadingRelease.StoredName(node) is { } name && UnloadingRelease.CanAttach(node)
            ? DroppedResultLocal.Site.Stored(node, name + "." + call)
            : null;
    }

    private static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, CancellationToken cancellationToken)
    {
        var scope = new List<(Document, IEnumerable<DroppedResultLocal.Site>)>();
        foreach (var (document, diagnostics) in sites)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
            {
                scope.Add((document, diagnostics.Select(d => Site(root, d)).OfType<DroppedResultLocal.Site>().ToList()));
            }
        }

        return await DroppedResultLocal.ApplyAsync(solution, scope, cancellationToken).ConfigureAwait(false);
    }
}
