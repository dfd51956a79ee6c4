using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>KPL3001: dispose the timer in the module's AssemblyLoadContext.Unloading event, right after it is stored.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndisposedTimerFixer)), Shared]
public sealed class UndisposedTimerFixer : CodeFixProvider
{
    public const string DisposeOnUnloadKey = "KPL3001.DisposeOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndisposedTimer);

    public override FixAllProvider GetFixAllProvider() => new UnloadingReleaseFixAll(Release);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (Release(node) is not { } release || !UnloadingRelease.CanAttach(node))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Dispose the timer when the module unloads",
                    ct => UnloadingRelease.AddAsync(context.Document, new[] { (node, release) }, ct),
                    DisposeOnUnloadKey),
                diagnostic);
        }
    }

    private static string? Release(SyntaxNode creation)
        => UnloadingRelease.StoredName(creation) is { } name ? name + ".Dispose()" : null;
}
