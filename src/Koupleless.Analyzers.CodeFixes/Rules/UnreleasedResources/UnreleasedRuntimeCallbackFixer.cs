using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3006: release the registration (<c>Unregister(null)</c>, or <c>Dispose()</c> for a disposable catalog type) in the
/// module's AssemblyLoadContext.Unloading event, right after it is stored. Measured: a registration unregistered there
/// no longer keeps the module alive. A dropped registration gets no fix: there is nothing to release it through.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnreleasedRuntimeCallbackFixer)), Shared]
public sealed class UnreleasedRuntimeCallbackFixer : CodeFixProvider
{
    public const string ReleaseOnUnloadKey = "KPL3006.ReleaseOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnreleasedRuntimeCallback);

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
            if (Release(node, diagnostic) is not { } release || !UnloadingRelease.CanAttach(node))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Release the registration when the module unloads",
                    ct => UnloadingRelease.AddAsync(context.Document, new[] { (node, release) }, ct),
                    ReleaseOnUnloadKey),
                diagnostic);
        }
    }

    private static string? Release(SyntaxNode creation, Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(UnreleasedRuntimeCallbackAnalyzer.ReleaseCallProperty, out var call) && call is not null
            && UnloadingRelease.StoredName(creation) is { } name
                ? name + "." + call
                : null;
}
