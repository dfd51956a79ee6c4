using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// KPL1002 fix for static storage modules fill (a cache, a registry): "Use a per-load-context holder" keeps one
/// copy per AssemblyLoadContext and drops a module's copy — and everything the module put in it — when the module
/// unloads (see <see cref="PerLoadContextConversion"/>). Storage behind a default instance (its instance fields)
/// and static events have no mechanical fix: the docs page shows the release on Unloading.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StaticStateWriteFixer)), Shared]
public sealed class StaticStateWriteFixer : CodeFixProvider
{
    public const string PerLoadContextKey = RuleIds.StaticStateWrite + ".PerLoadContext";

    private const string PerLoadContextTitle = "Use a per-load-context holder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.StaticStateWrite);

    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(
            _ => PerLoadContextTitle + " (all occurrences)",
            async (solution, sites, _, cancellationToken) =>
            {
                var storages = await PerLoadContextConversion.ConvertibleStoragesAsync(SolutionWideFixAllProvider.Flatten(sites), solution, cancellationToken).ConfigureAwait(false);
                return await PerLoadContextConversion.ConvertAsync(solution, storages, cancellationToken).ConfigureAwait(false);
            });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!SharedStaticStateFixes.IsDeclaredStorage(diagnostic))
            {
                continue;
            }

            if (await PerLoadContextConversion.ConvertibleStorageAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } storage)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        PerLoadContextTitle,
                        ct => PerLoadContextConversion.ConvertAsync(context.Document.Project.Solution, new[] { storage }, ct),
                        PerLoadContextKey),
                    diagnostic);
            }
        }
    }
}
