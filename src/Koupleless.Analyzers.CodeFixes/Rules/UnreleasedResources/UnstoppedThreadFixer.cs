using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3002: makes the endless loop (the diagnostic's additional location) stop when the module unloads. The type
/// gets one static <c>CancellationTokenSource</c> cancelled in the module's <c>AssemblyLoadContext.Unloading</c>
/// event, and the loop's condition becomes <c>!StopOnUnload.IsCancellationRequested</c>: the thread leaves its loop,
/// its stack no longer holds module code, and the context can be collected (DESIGN.md: a thread that ends unloads fine).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnstoppedThreadFixer)), Shared]
public sealed class UnstoppedThreadFixer : CodeFixProvider
{
    public const string StopOnUnloadKey = "KPL3002.StopOnUnload";
    private const string FieldName = "StopOnUnload";
    private const string FactoryName = "CancelWhenUnloading";

    /// <summary>
    /// Measured (UnstoppedThreadRuntimeTests): without a static constructor the field is initialised lazily, on the
    /// new thread at its first loop check; when the module unloads before that, the handler subscribes after
    /// Unloading fired, the loop never ends and the context stays. A static constructor makes the runtime initialise
    /// the type when it is first used — before it starts the thread.
    /// </summary>
    private const string PreciseInitComment =
        "// Creates StopOnUnload when the type is first used, before any loop starts: it must not miss an early unload.";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnstoppedThread);

    public override FixAllProvider GetFixAllProvider() => new StopOnUnloadFixAll();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Loop(root, diagnostic) is not { } loop)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Stop the loop when the module unloads",
                    ct => ApplyAsync(context.Document, new[] { loop }, ct),
                    StopOnUnloadKey),
                diagnostic);
        }
    }

    private static StatementSyntax? Loop(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var loop = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<StatementSyntax>();
        return loop is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
            && loop.FirstAncestorOrSelf<TypeDeclarationSyntax>() is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax
            ? loop
            : null;
    }

    private static async Task<Document> ApplyAsync(Document document, IEnumerable<StatementSyntax> loops, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var condition = SyntaxFactory.ParseExpression($"!{FieldName}.IsCancellationRequested").WithAdditionalAnnotations(Formatter.Annotation);
        var distinctLoops = loops.Distinct().ToList();
        foreach (var loop in distinctLoops)
        {
            editor.ReplaceNode(loop, (current, _) => current switch
            {
                WhileStatementSyntax whileLoop => whileLoop.WithCondition(condition),
                DoStatementSyntax doLoop => doLoop.WithCondition(condition),
                ForStatementSyntax forLoop => forLoop.WithCondition(condition),
                _ => current,
            });
        }

        foreach (var type in distinctLoops.Select(l => l.FirstAncestorOrSelf<TypeDeclarationSyntax>()!).Distinct())
        {
            if (model.GetDeclaredSymbol(type, cancellationToken) is not { } symbol || symbol.GetMembers(FieldName).Length > 0)
            {
                continue;
            }

            var typeName = symbol.ToMinimalDisplayString(model, type.SpanStart);
            var members = new[]
            {
                SyntaxFactory.ParseMemberDeclaration(
                    $"private static readonly global::System.Threading.CancellationTokenSource {FieldName} = {FactoryName}();")!,
                SyntaxFactory.ParseMemberDeclaration($$"""
                    private static global::System.Threading.CancellationTokenSource {{FactoryName}}()
                    {
                        var source = new global::System.Threading.CancellationTokenSource();
                        global::System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof({{typeName}}).Assembly)!.Unloading += _ => source.Cancel();
                        return source;
                    }
                    """)!,
            }.Select(m => m.WithLeadingTrivia(SyntaxFactory.LineFeed)).ToList();
            if (!symbol.StaticConstructors.Any(c => !c.IsImplicitlyDeclared))
            {
                members.Add(SyntaxFactory.ParseMemberDeclaration($"static {type.Identifier.ValueText}()\n{{\n}}")!
                    .WithLeadingTrivia(SyntaxFactory.LineFeed, SyntaxFactory.Comment(PreciseInitComment), SyntaxFactory.LineFeed));
            }

            editor.ReplaceNode(type, (current, _) => ((TypeDeclarationSyntax)current).AddMembers(members
                .Select(m => m
                    .WithTrailingTrivia(SyntaxFactory.LineFeed)
                    .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .ToArray()));
        }

        return await UnloadingRelease.CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private sealed class StopOnUnloadFixAll : DocumentBasedFixAllProvider
    {
        protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Stop the loops when the module unloads";

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var loops = diagnostics.Select(d => Loop(root, d)).OfType<StatementSyntax>().OrderBy(l => l.SpanStart);
            return await ApplyAsync(document, loops, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
