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

    public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAllProvider("Stop the loops when the module unloads", FixAllAsync);

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
                    ct => ApplyAsync(context.Document.Project.Solution, new[] { (context.Document, (IEnumerable<StatementSyntax>)new[] { loop }) }, ct),
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

    /// <summary>
    /// Rewrites every loop where it is, and adds the token source, its factory and (when missing) a static constructor
    /// once per type, to the type's first part: the parts of a partial type may be in other documents than the loops,
    /// and each part seeing "no StopOnUnload yet" on its own would add the members twice (CS0102/CS0111).
    /// </summary>
    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, IEnumerable<StatementSyntax> Loops)> sites, CancellationToken cancellationToken)
    {
        var loopsByDocument = new Dictionary<DocumentId, List<StatementSyntax>>();
        var typesByDocument = new Dictionary<DocumentId, List<(TypeDeclarationSyntax Part, INamedTypeSymbol Symbol)>>();
        var typesSeen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (document, loops) in sites)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                continue;
            }

            foreach (var loop in loops.Distinct())
            {
                Add(loopsByDocument, document.Id, loop);
                var type = loop.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
                if (model.GetDeclaredSymbol(type, cancellationToken) is { } symbol
                    && symbol.GetMembers(FieldName).Length == 0
                    && typesSeen.Add(symbol)
                    && FirstPart(symbol, solution, cancellationToken) is { } first)
                {
                    Add(typesByDocument, first.Document, (first.Part, symbol));
                }
            }
        }

        // Every document is edited from its original tree (the nodes above belong to it), then put into the result.
        var result = solution;
        foreach (var documentId in loopsByDocument.Keys.Concat(typesByDocument.Keys).Distinct().ToList())
        {
            var editor = await DocumentEditor.CreateAsync(solution.GetDocument(documentId)!, cancellationToken).ConfigureAwait(false);
            RewriteLoops(editor, loopsByDocument.TryGetValue(documentId, out var loops) ? loops : new List<StatementSyntax>());
            foreach (var (part, symbol) in typesByDocument.TryGetValue(documentId, out var types) ? types : new List<(TypeDeclarationSyntax, INamedTypeSymbol)>())
            {
                AddMembers(editor, part, symbol, cancellationToken);
            }

            var fixedDocument = await UnloadingRelease.CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentSyntaxRoot(documentId, (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
        }

        return result;
    }

    private static void Add<T>(Dictionary<DocumentId, List<T>> map, DocumentId key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<T>();
        }

        list.Add(value);
    }

    /// <summary>The part that gets the shared members: the first declaration (compilation order) that is a document of the solution.</summary>
    private static (DocumentId Document, TypeDeclarationSyntax Part)? FirstPart(INamedTypeSymbol symbol, Solution solution, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (solution.GetDocumentId(reference.SyntaxTree) is { } documentId && reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part)
            {
                return (documentId, part);
            }
        }

        return null;
    }

    private static void RewriteLoops(DocumentEditor editor, IEnumerable<StatementSyntax> loops)
    {
        var condition = SyntaxFactory.ParseExpression($"!{FieldName}.IsCancellationRequested").WithAdditionalAnnotations(Formatter.Annotation);
        foreach (var loop in loops)
        {
            editor.ReplaceNode(loop, (current, _) => current switch
            {
                WhileStatementSyntax whileLoop => whileLoop.WithCondition(condition),
                DoStatementSyntax doLoop => doLoop.WithCondition(condition),
                ForStatementSyntax forLoop => forLoop.WithCondition(condition),
                _ => current,
            });
        }
    }

    private static void AddMembers(DocumentEditor editor, TypeDeclarationSyntax type, INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var typeName = symbol.ToMinimalDisplayString(editor.SemanticModel, type.SpanStart);
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

    /// <summary>All loops in scope in one edit, so a partial type's parts in several documents get the members once.</summary>
    private static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> sites, CancellationToken cancellationToken)
    {
        var loops = new List<(Document, IEnumerable<StatementSyntax>)>();
        foreach (var (document, diagnostics) in sites)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
            {
                loops.Add((document, diagnostics.Select(d => Loop(root, d)).OfType<StatementSyntax>().OrderBy(l => l.SpanStart).ToList()));
            }
        }

        return await ApplyAsync(solution, loops, cancellationToken).ConfigureAwait(false);
    }
}
