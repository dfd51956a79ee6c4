using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.ContextSwitching;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// KPL2006: sets <c>SerializationBinder = new ModuleSerializationBinder()</c> on the settings object that enables
/// TypeNameHandling, and generates that binder once per project in its own document (reused when the project already has
/// a type of that name). Fix All is solution-wide: one binder per project, every document edited once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TypeNameHandlingWithoutBinderFixer)), Shared]
public sealed class TypeNameHandlingWithoutBinderFixer : CodeFixProvider
{
    private const string Title = "Bind type names to this module's assembly (ModuleSerializationBinder)";
    private const string EquivalenceKey = RuleIds.TypeNameHandlingWithoutBinder + ".ModuleBinder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TypeNameHandlingWithoutBinder);

    public override FixAllProvider GetFixAllProvider() => new BinderFixAllProvider();

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(CanFix))
        {
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => FixAsync(document.Project.Solution, new[] { (document.Id, ImmutableArray.Create(diagnostic)) }, ct),
                    EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static bool CanFix(Diagnostic diagnostic) => diagnostic.Properties.ContainsKey(TypeNameHandlingWithoutBinderAnalyzer.ShapeProperty);

    private static async Task<Solution> FixAsync(Solution solution, IEnumerable<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        foreach (var project in work.Where(w => w.Diagnostics.Any(CanFix)).GroupBy(w => w.Document.ProjectId))
        {
            var binderNamespace = await EnsureBinderAsync(solution.GetProject(project.Key)!, project.First().Document, cancellationToken).ConfigureAwait(false);
            solution = binderNamespace.Solution;
            foreach (var (documentId, diagnostics) in project)
            {
                var document = solution.GetDocument(documentId)!;
                var fixedDocument = await FixDocumentAsync(document, diagnostics.Where(CanFix), binderNamespace.Namespace, cancellationToken).ConfigureAwait(false);
                solution = fixedDocument.Project.Solution;
            }
        }

        return solution;
    }

    /// <summary>The namespace of the project's ModuleSerializationBinder, generating the type when the project has none.</summary>
    private static async Task<(Solution Solution, string? Namespace)> EnsureBinderAsync(Project project, DocumentId firstSite, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var existing = compilation?.GetSymbolsWithName(n => n == ModuleSerializationBinderSource.TypeName, SymbolFilter.Type, cancellationToken)
            .OfType<INamedTypeSymbol>().FirstOrDefault();
        if (existing is not null)
        {
            return (project.Solution, NamespaceOf(existing.ContainingNamespace));
        }

        var site = project.GetDocument(firstSite)!;
        var root = await site.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var siteNamespace = root?.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
        var binderNamespace = string.IsNullOrEmpty(project.DefaultNamespace) ? siteNamespace : project.DefaultNamespace;
        var newLine = root?.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } eol ? eol : "\n";
        var directory = site.FilePath is { } path ? System.IO.Path.GetDirectoryName(path) : null;
        var document = project.AddDocument(
            ModuleSerializationBinderSource.FileName,
            SourceText.From(ModuleSerializationBinderSource.Generate(binderNamespace, newLine)),
            filePath: directory is null ? null : System.IO.Path.Combine(directory, ModuleSerializationBinderSource.FileName));
        return (document.Project.Solution, binderNamespace);
    }

    private static string? NamespaceOf(INamespaceSymbol? symbol) => symbol is null || symbol.IsGlobalNamespace ? null : symbol.ToDisplayString();

    private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, string? binderNamespace, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var needsImport = false;
        foreach (var diagnostic in diagnostics)
        {
            var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not AssignmentExpressionSyntax assignment)
            {
                continue;
            }

            var fixedHere = diagnostic.Properties[TypeNameHandlingWithoutBinderAnalyzer.ShapeProperty] == TypeNameHandlingWithoutBinderAnalyzer.InitializerShape
                ? AddToInitializer(editor, assignment)
                : AddStatementAfter(editor, assignment);
            needsImport |= fixedHere && binderNamespace is not null && !SeesNamespace(editor.SemanticModel, assignment, binderNamespace);
        }

        var root = editor.GetChangedRoot();
        if (needsImport && root is CompilationUnitSyntax compilationUnit)
        {
            root = UsingDirectives.Ensure(compilationUnit, new[] { binderNamespace! }, editor.SemanticModel.Compilation);
        }

        return document.WithSyntaxRoot(root);
    }

    private static ExpressionSyntax NewBinder() => SyntaxFactory.ParseExpression("new " + ModuleSerializationBinderSource.TypeName + "()");

    /// <summary>{ TypeNameHandling = X, … } → { TypeNameHandling = X, SerializationBinder = new ModuleSerializationBinder(), … }, laid out like its neighbour.</summary>
    private static bool AddToInitializer(DocumentEditor editor, AssignmentExpressionSyntax assignment)
    {
        if (assignment.Parent is not InitializerExpressionSyntax initializer)
        {
            return false;
        }

        var index = initializer.Expressions.IndexOf(assignment);
        editor.ReplaceNode(initializer, (current, _) =>
        {
            var list = ((InitializerExpressionSyntax)current).Expressions;
            var items = list.GetWithSeparators().ToList();
            var position = items.FindIndex(i => i.IsNode && i.AsNode() is { } n && list.IndexOf((ExpressionSyntax)n) == index);
            var target = (ExpressionSyntax)items[position].AsNode()!;
            var binder = SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName("SerializationBinder").WithLeadingTrivia(Indentation(target)),
                    NewBinder())
                .WithOperatorToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));
            if (position + 1 < items.Count)
            {
                // A comma follows: the new member goes after it, followed by a comma laid out the same way.
                var separator = items[position + 1].AsToken();
                items.Insert(position + 2, binder);
                items.Insert(position + 3, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(separator.TrailingTrivia));
            }
            else
            {
                var trailing = target.GetTrailingTrivia();
                items[position] = target.WithoutTrailingTrivia();
                items.Insert(position + 1, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ? trailing : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
                items.Insert(position + 2, binder.WithTrailingTrivia(trailing));
            }

            return ((InitializerExpressionSyntax)current).WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(items));
        });
        return true;
    }

    /// <summary>settings.TypeNameHandling = X; → the same, then settings.SerializationBinder = new ModuleSerializationBinder();</summary>
    private static bool AddStatementAfter(DocumentEditor editor, AssignmentExpressionSyntax assignment)
    {
        if (assignment.Parent is not ExpressionStatementSyntax statement || assignment.Left is not MemberAccessExpressionSyntax access)
        {
            return false;
        }

        var binderStatement = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    access.WithName(SyntaxFactory.IdentifierName("SerializationBinder")).WithoutTrivia(),
                    NewBinder()).WithOperatorToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)))
            .WithLeadingTrivia(Indentation(statement))
            .WithTrailingTrivia(statement.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        editor.InsertAfter(statement, binderStatement);
        return true;
    }

    /// <summary>The whitespace a line starts with before <paramref name="node"/>, without the comments above it.</summary>
    private static SyntaxTriviaList Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        return leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
    }

    /// <summary>Code in the binder's namespace or one nested in it sees the binder without a using directive.</summary>
    private static bool SeesNamespace(SemanticModel model, SyntaxNode node, string namespaceName)
    {
        var enclosing = model.GetEnclosingSymbol(node.SpanStart)?.ContainingNamespace;
        var name = enclosing is null || enclosing.IsGlobalNamespace ? string.Empty : enclosing.ToDisplayString();
        return name == namespaceName || name.StartsWith(namespaceName + ".", System.StringComparison.Ordinal);
    }

    /// <summary>Fix All in document, project or solution scope: one code action that edits every document and adds one binder per project.</summary>
    private sealed class BinderFixAllProvider : FixAllProvider
    {
        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => System.Array.Empty<Document>(),
            };

            var work = new List<(DocumentId, ImmutableArray<Diagnostic>)>();
            foreach (var document in documents)
            {
                var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    work.Add((document.Id, diagnostics));
                }
            }

            return work.Count == 0
                ? null
                : CodeAction.Create(Title, ct => FixAsync(fixAllContext.Solution, work, ct), EquivalenceKey);
        }
    }
}
