using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3001/KPL3006 on an instance field: release it in the owning type's Dispose — extending the type's Dispose, or
/// making the type IDisposable. A separate provider from the unload fixes so that each action kind has its own Fix All.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisposeWithOwnerFixer)), Shared]
public sealed class DisposeWithOwnerFixer : CodeFixProvider
{
    public const string TimerKey = "KPL3001.DisposeWithOwner";
    public const string RuntimeCallbackKey = "KPL3006.DisposeWithOwner";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.UndisposedTimer, RuleIds.UnreleasedRuntimeCallback);

    public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAllProvider("Release fields in their owner's Dispose", FixAllAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            var title = plan.ExistingDispose is null
                ? $"Make '{plan.Owner.Name}' IDisposable and release '{plan.Field.Name}' in Dispose"
                : $"Release '{plan.Field.Name}' in '{plan.Owner.Name}.Dispose'";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => DisposeWithOwner.ApplyAsync(context.Document.Project.Solution, new[] { plan }, ct),
                    diagnostic.Id == RuleIds.UndisposedTimer ? TimerKey : RuntimeCallbackKey),
                diagnostic);
        }
    }

    private static async Task<DisposeWithOwner.Plan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!ResourceReleaseCall.IsStoredIn(diagnostic, "Field") || ResourceReleaseCall.For(diagnostic) is not { } release)
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return DisposeWithOwner.For(node, release, model, document.Project.Solution, cancellationToken);
    }

    /// <summary>
    /// All fields of a type go into one Dispose, so the plans of every document in scope are applied together: a
    /// partial type with fields in two documents gets one Dispose, not one per document (CS0111).
    /// </summary>
    private static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, CancellationToken cancellationToken)
    {
        var plans = new List<DisposeWithOwner.Plan>();
        foreach (var (document, diagnostics) in sites)
        {
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
                {
                    plans.Add(plan);
                }
            }
        }

        return plans.Count == 0 ? solution : await DisposeWithOwner.ApplyAsync(solution, plans, cancellationToken).ConfigureAwait(false);
    }
}
