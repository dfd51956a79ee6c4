using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3005: dispose the registration in the module's AssemblyLoadContext.Unloading event, right after it is made.
/// A dropped registration is first stored in a new local; a stored one (field or local) and the ActivityListener given
/// to AddActivityListener are disposed where they are. Measured (DESIGN.md): a listener subscription disposed in
/// the module's Unloading handler lets the context unload.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndisposedListenerRegistrationFixer)), Shared]
public sealed class UndisposedListenerRegistrationFixer : CodeFixProvider
{
    public const string DisposeOnUnloadKey = "KPL3005.DisposeOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndisposedListenerRegistration);

    public override FixAllProvider GetFixAllProvider() => new RegistrationReleaseFixAll();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!RegistrationRelease.CanFix(root, diagnostic))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Dispose the registration when the module unloads",
                    ct => RegistrationRelease.ApplyAsync(context.Document, new[] { diagnostic }, ct),
                    DisposeOnUnloadKey),
                diagnostic);
        }
    }

    private sealed class RegistrationReleaseFixAll : DocumentBasedFixAllProvider
    {
        protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Dispose registrations when the module unloads";

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
            => await RegistrationRelease.ApplyAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
