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
/// KPL1001 fixes. "Make readonly": for a field of an immutable type assigned only in its initializer or static
/// constructor — one value for the process is then harmless. "Use a per-load-context holder": the field becomes a
/// property of the same name whose value is kept per AssemblyLoadContext (see <see cref="PerLoadContextConversion"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MutableStaticFieldFixer)), Shared]
public sealed class MutableStaticFieldFixer : CodeFixProvider
{
    public const string MakeReadOnlyKey = RuleIds.MutableStaticField + ".MakeReadOnly";
    public const string PerLoadContextKey = RuleIds.MutableStaticField + ".PerLoadContext";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MutableStaticField);

    private const string MakeReadOnlyTitle = "Make the static field readonly";
    private const string PerLoadContextTitle = "Use a per-load-context holder";

    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(
            key => (key == MakeReadOnlyKey ? MakeReadOnlyTitle : PerLoadContextTitle) + " (all occurrences)",
            (solution, sites, key, cancellationToken) => FixAllAsync(solution, SolutionWideFixAllProvider.Flatten(sites), key, cancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await ReadOnlyCandidateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } field)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        MakeReadOnlyTitle,
                        ct => MakeReadOnlyAsync(context.Document.Project.Solution, new[] { field }, ct),
                        MakeReadOnlyKey),
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

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, string key, CancellationToken cancellationToken)
    {
        if (key != MakeReadOnlyKey)
        {
            var storages = await PerLoadContextConversion.ConvertibleStoragesAsync(diagnostics, solution, cancellationToken).ConfigureAwait(false);
            return await PerLoadContextConversion.ConvertAsync(solution, storages, cancellationToken).ConfigureAwait(false);
        }

        var fields = new List<IFieldSymbol>();
        foreach (var (document, diagnostic) in diagnostics)
        {
            if (await ReadOnlyCandidateAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } field)
            {
                fields.Add(field);
            }
        }

        return await MakeReadOnlyAsync(solution, fields, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IFieldSymbol?> ReadOnlyCandidateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(MutableStaticFieldAnalyzer.KindProperty, out var kind) || kind != MutableStaticFieldAnalyzer.DeclarationKind)
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

    private static async Task<Solution> MakeReadOnlyAsync(Solution solution, IEnumerable<IFieldSymbol> fields, CancellationToken cancellationToken)
    {
        var declarations = fields
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
}
