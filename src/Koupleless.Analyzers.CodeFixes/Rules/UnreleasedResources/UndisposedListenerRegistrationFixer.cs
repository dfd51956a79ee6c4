using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
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

    /// <summary>One edit over the whole scope: a partial type's static fields in several documents get one static constructor.</summary>
    public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAllProvider(
        "Dispose registrations when the module unloads",
        (solution, sites, ct) => RegistrationRelease.ApplyAsync(solution, sites.Select(s => (s.Document, (IEnumerable<Diagnostic>)s.Diagnostics)), ct));

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
                    ct => RegistrationRelease.ApplyAsync(context.Document.Project.Solution, new[] { (context.Document, (IEnumerable<Diagnostic>)new[] { diagnostic }) }, ct),
                    DisposeOnUnloadKey),
                diagnostic);
        }
    }
}
