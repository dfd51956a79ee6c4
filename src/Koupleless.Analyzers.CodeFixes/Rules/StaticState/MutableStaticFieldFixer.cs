using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// KPL1001 fixes for static state modules can set. "Make the static field readonly" / "Remove the setter of the
/// static property": for storage of an immutable type that only type initialisation writes (a module could set it,
/// nothing in the solution does) — one value for the process is then harmless. "Use a per-load-context holder":
/// the field or auto-property keeps its name, its value is kept per AssemblyLoadContext (see
/// <see cref="PerLoadContextConversion"/>). State of an object a static holds has no mechanical fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MutableStaticFieldFixer)), Shared]
public sealed class MutableStaticFieldFixer : CodeFixProvider
{
    public const string MakeReadOnlyKey = RuleIds.MutableStaticField + ".MakeReadOnly";
    public const string RemoveSetterKey = RuleIds.MutableStaticField + ".RemoveSetter";
    public const string PerLoadContextKey = RuleIds.MutableStaticField + ".PerLoadContext";

    private const string MakeReadOnlyTitle = "Make the static field readonly";
    private const string RemoveSetterTitle = "Remove the setter of the static property";
    private const string PerLoadContextTitle = "Use a per-load-context holder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MutableStaticField);

    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(
            key => Title(key) + " (all occurrences)",
            (solution, sites, key, cancellationToken) => FixAllAsync(solution, SolutionWideFixAllProvider.Flatten(sites), key, cancellationToken));

    private static string Title(string? key) => key switch
    {
        MakeReadOnlyKey => MakeReadOnlyTitle,
        RemoveSetterKey => RemoveSetterTitle,
        _ => PerLoadContextTitle,
    };

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var solution = context.Document.Project.Solution;
            if (await ReadOnlyCandidateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } field)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(MakeReadOnlyTitle, ct => MakeReadOnlyAsync(solution, new[] { field }, ct), MakeReadOnlyKey),
                    diagnostic);
            }

            if (await GetOnlyCandidateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } property)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(RemoveSetterTitle, ct => RemoveSettersAsync(solution, new[] { property }, ct), RemoveSetterKey),
                    diagnostic);
            }

            if (SharedStaticStateFixes.IsDeclaredStorage(diagnostic)
                && await PerLoadContextConversion.ConvertibleStorageAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } storage)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(PerLoadContextTitle, ct => PerLoadContextConversion.ConvertAsync(solution, new[] { storage }, ct), PerLoadContextKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken)
    {
        switch (key)
        {
            case MakeReadOnlyKey:
                var fields = new List<IFieldSymbol>();
                foreach (var (document, diagnostic) in diagnostics)
                {
                    if (await ReadOnlyCandidateAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } field)
                    {
                        fields.Add(field);
                    }
                }

                return await MakeReadOnlyAsync(solution, fields, cancellationToken).ConfigureAwait(false);
            case RemoveSetterKey:
                var properties = new List<IPropertySymbol>();
                foreach (var (document, diagnostic) in diagnostics)
                {
                    if (await GetOnlyCandidateAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } property)
                    {
                        properties.Add(property);
                    }
                }

                return await RemoveSettersAsync(solution, properties, cancellationToken).ConfigureAwait(false);
            default:
                var storages = await PerLoadContextConversion.ConvertibleStoragesAsync(
                    diagnostics.Where(d => SharedStaticStateFixes.IsDeclaredStorage(d.Diagnostic)), solution, cancellationToken).ConfigureAwait(false);
                return await PerLoadContextConversion.ConvertAsync(solution, storages, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IFieldSymbol?> ReadOnlyCandidateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (SharedStaticStateFixes.StorageOf(diagnostic) != SharedStaticStateFixes.Field)
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax declaration } } variable
            || declaration.Modifiers.Any(SyntaxKind.VolatileKeyword)
            || model?.GetDeclaredSymbol(variable, cancellationToken) is not IFieldSymbol { IsStatic: true, IsReadOnly: false } field
            || !ImmutableTypes.IsImmutable(field.Type))
        {
            return null;
        }

        var uses = await StaticStorageUses.FindAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        return uses.WrittenOutsideTypeInitialization || uses.UsedByReference ? null : field;
    }

    private static async Task<IPropertySymbol?> GetOnlyCandidateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (SharedStaticStateFixes.StorageOf(diagnostic) != SharedStaticStateFixes.AutoProperty)
        {
            return null;
        }

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

    private static async Task<Solution> MakeReadOnlyAsync(Solution solution, IEnumerable<IFieldSymbol> fields, CancellationToken cancellationToken)
    {
        var declarations = fields
            .Distinct<IFieldSymbol>(SymbolEqualityComparer.Default)
            .Select(f => f.DeclaringSyntaxReferences[0])
            .GroupBy(r => solution.GetDocumentId(r.SyntaxTree));
        foreach (var group in declarations)
        {
            if (group.Key is null || await solution.GetDocument(group.Key)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var fieldDeclarations = group.Select(r => r.GetSyntax(cancellationToken).Parent?.Parent).OfType<FieldDeclarationSyntax>().Distinct();
            root = root.ReplaceNodes(fieldDeclarations, (original, _) => AddReadOnly(original));
            solution = solution.WithDocumentSyntaxRoot(group.Key, root);
        }

        return solution;
    }

    /// <summary><c>private static int X</c> → <c>private static readonly int X</c>: readonly right after static, trivia kept.</summary>
    private static FieldDeclarationSyntax AddReadOnly(FieldDeclarationSyntax declaration)
    {
        var modifiers = declaration.Modifiers;
        var staticIndex = modifiers.IndexOf(SyntaxKind.StaticKeyword);
        var staticToken = modifiers[staticIndex];
        var readOnly = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.ReadOnlyKeyword, staticToken.TrailingTrivia);
        modifiers = modifiers.Replace(staticToken, staticToken.WithTrailingTrivia(SyntaxFactory.Space)).Insert(staticIndex + 1, readOnly);
        return declaration.WithModifiers(modifiers);
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
