using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3001/KPL3006 on a local: turn its declaration into a using declaration, so the resource is disposed when the
/// scope ends. Offered only where that keeps the program's meaning: the local is only used as a receiver (never
/// returned, passed on, stored or captured by a lambda or local function), and the scope goes on awaiting after the
/// declaration — a resource that must outlive a synchronous scope (a timer started and left running) would be
/// stopped at once, so it gets the unload fix instead.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsingDeclarationFixer)), Shared]
public sealed class UsingDeclarationFixer : CodeFixProvider
{
    public const string TimerKey = "KPL3001.UsingDeclaration";
    public const string RuntimeCallbackKey = "KPL3006.UsingDeclaration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.UndisposedTimer, RuleIds.UnreleasedRuntimeCallback);

    public override FixAllProvider GetFixAllProvider() => KeylessFixAll.Create("Dispose them at the end of their scope (using declarations)", FixAllAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Fixable(root, model, diagnostic, context.CancellationToken) is not { } statement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Dispose it at the end of its scope (using declaration)",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, ToUsing(statement)))),
                    diagnostic.Id == RuleIds.UndisposedTimer ? TimerKey : RuntimeCallbackKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var statements = diagnostics.Select(d => Fixable(root, model, d, cancellationToken)).OfType<LocalDeclarationStatementSyntax>().Distinct().ToList();
        return statements.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(statements, (original, _) => ToUsing(original)));
    }

    /// <summary>The local declaration a using declaration fits, for a KPL3001/KPL3006 diagnostic on a local released by Dispose().</summary>
    private static LocalDeclarationStatementSyntax? Fixable(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => ResourceReleaseCall.IsStoredIn(diagnostic, "Local") && ResourceReleaseCall.For(diagnostic) == "Dispose()"
            ? Declaration(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model, cancellationToken)
            : null;

    private static LocalDeclarationStatementSyntax ToUsing(LocalDeclarationStatementSyntax statement)
        => statement
            .WithoutLeadingTrivia()
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(statement.GetLeadingTrivia());

    /// <summary>The declaration statement of the local the creation initializes, when a using declaration fits it.</summary>
    private static LocalDeclarationStatementSyntax? Declaration(SyntaxNode creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var value = creation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value.Parent;
        }

        if (value.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax block } statement
            || statement.UsingKeyword != default || statement.Modifiers.Count > 0 || statement.AwaitKeyword != default
            || ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        foreach (var name in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != local.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                continue;
            }

            var captured = name.Ancestors().TakeWhile(a => a != block).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
            var receiver = name.Parent is MemberAccessExpressionSyntax member && member.Expression == name
                || name.Parent is ConditionalAccessExpressionSyntax access && access.Expression == name;
            if (captured || !receiver)
            {
                return null;
            }
        }

        return AwaitsAfter(block, statement) ? statement : null;
    }

    /// <summary>Whether the block awaits after the statement (outside nested lambdas), so the scope outlives the resource's use.</summary>
    private static bool AwaitsAfter(BlockSyntax block, StatementSyntax statement)
        => block.Statements
            .SkipWhile(s => s != statement)
            .Skip(1)
            .SelectMany(s => s.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            .Any(n => n is AwaitExpressionSyntax
                || n is ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword });
}
