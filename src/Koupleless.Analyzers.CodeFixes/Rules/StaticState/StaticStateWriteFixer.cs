using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// KPL1002 fixes for a static auto-property with a setter. "Remove the setter": for a property of an immutable
/// type assigned only in its initializer or static constructor. "Use a per-load-context holder": the property keeps
/// its name and accessors, its value is kept per AssemblyLoadContext (see <see cref="PerLoadContextConversion"/>).
/// Custom setters and writes to other assemblies' fields have no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StaticStateWriteFixer)), Shared]
public sealed class StaticStateWriteFixer : CodeFixProvider
{
    public const string RemoveSetterKey = RuleIds.StaticStateWrite + ".RemoveSetter";
    public const string PerLoadContextKey = RuleIds.StaticStateWrite + ".PerLoadContext";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.StaticStateWrite);

    private const string RemoveSetterTitle = "Remove the setter of the static property";
    private const string PerLoadContextTitle = "Use a per-load-context holder";

    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(
            key => (key == RemoveSetterKey ? RemoveSetterTitle : PerLoadContextTitle) + " (all occurrences)",
            (solution, sites, key, cancellationToken) => FixAllAsync(solution, SolutionWideFixAllProvider.Flatten(sites), key, cancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!IsAutoPropertyDiagnostic(diagnostic))
            {
                continue;
            }

            if (await GetOnlyCandidateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } property)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        RemoveSetterTitle,
                        ct => RemoveSettersAsync(context.Document.Project.Solution, new[] { property }, ct),
                        RemoveSetterKey),
                    diagnostic);
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

    private static bool IsAutoPropertyDiagnostic(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(StaticStateWriteAnalyzer.KindProperty, out var kind) && kind == StaticStateWriteAnalyzer.AutoPropertyKind;

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken)
    {
        var autoProperties = diagnostics.Where(d => IsAutoPropertyDiagnostic(d.Diagnostic)).ToList();
        if (key != RemoveSetterKey)
        {
            var storages = await PerLoadContextConversion.ConvertibleStoragesAsync(autoProperties, solution, cancellationToken).ConfigureAwait(false);
            return await PerLoadContextConversion.ConvertAsync(solution, storages, cancellationToken).ConfigureAwait(false);
        }

        var properties = new List<IPropertySymbol>();
        foreach (var (document, diagnostic) in autoProperties)
        {
            if (await GetOnlyCandidateAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } property)
            {
                properties.Add(property);
            }
        }

        return await RemoveSettersAsync(solution, properties, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IPropertySymbol?> GetOnlyCandidateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan) is not AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax declaration }
            || model?.GetDeclaredSymbol(declaration, cancellationToken) is not { IsStatic: true, SetMethod: not null } property
            || !ImmutableTypes.IsImmutable(property.Type))
        {
            return null;
        }

        // A get-only auto-property can still be assigned in the static constructor, like a readonly field.
        var uses = await StaticStorageUses.FindAsync(property, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        return uses.WrittenOutsideTypeInitialization || uses.UsedByReference ? null : property;
    }

    private static async Task<Solution> RemoveSettersAsync(Solution solution, IEnumerable<IPropertySymbol> properties, CancellationToken cancellationToken)
    {
        var declarations = properties
            .Distinct<IPropertySymbol>(SymbolEqualityComparer.Default)
            .Select(p => p.SetMethod!.DeclaringSyntaxReferences.FirstOrDefault())
            .Where(r => r is not null)
            .GroupBy(r => solution.GetDocumentId(r!.SyntaxTree));
        foreach (var group in declarations)
        {
            if (group.Key is null || await solution.GetDocument(group.Key)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var setters = group.Select(r => r!.GetSyntax(cancellationToken)).OfType<AccessorDeclarationSyntax>();
            root = root.RemoveNodes(setters, SyntaxRemoveOptions.KeepNoTrivia)!;
            solution = solution.WithDocumentSyntaxRoot(group.Key, root);
        }

        return solution;
    }
}
