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

namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// KPL2006: sets <c>SerializationBinder = new ModuleSerializationBinder(...)</c> on the settings object that enables
/// TypeNameHandling: the Koupleless.Adapters.NewtonsoftJson binder when the project references it, else a type of that name
/// the project has, else the same binder nested in the site's type (never a new document: a Compile item would break
/// SDK-style projects). Fix All is solution-wide: one nested binder per type, every document edited once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TypeNameHandlingWithoutBinderFixer)), Shared]
public sealed class TypeNameHandlingWithoutBinderFixer : CodeFixProvider
{
    private const string Title = "Bind type names to this module's assembly (ModuleSerializationBinder)";
    private const string EquivalenceKey = RuleIds.TypeNameHandlingWithoutBinder + ".ModuleBinder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TypeNameHandlingWithoutBinder);

    /// <summary>Fix All in document, project or solution scope: one code action that edits every document, one nested binder per type.</summary>
    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(Title, (solution, sites, ct) => FixAsync(solution, sites.Select(s => (s.Document.Id, s.Diagnostics)), ct));

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
            var compilation = await solution.GetProject(project.Key)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            var binders = new ProjectBinders(compilation);
            foreach (var (documentId, diagnostics) in project)
            {
                var document = solution.GetDocument(documentId)!;
                var fixedDocument = await FixDocumentAsync(document, diagnostics.Where(CanFix), binders, cancellationToken).ConfigureAwait(false);
                solution = fixedDocument.Project.Solution;
            }
        }

        return solution;
    }

    /// <summary>
    /// Which binder a project's sites get: the package's (Koupleless.Adapters.NewtonsoftJson), else a type of that name the
    /// site already sees or the project declares, else one nested in the site's type (once per type, however many
    /// documents its parts span).
    /// </summary>
    private sealed class ProjectBinders
    {
        private readonly HashSet<INamedTypeSymbol> _typesGivenBinder = new(SymbolEqualityComparer.Default);

        public ProjectBinders(Compilation compilation)
        {
            UsePackage = compilation.GetTypeByMetadataName(ModuleSerializationBinderSource.PackageMetadataName) is { } package
                && compilation.IsSymbolAccessibleWithin(package, compilation.Assembly);
            Declared = compilation.GetSymbolsWithName(n => n == ModuleSerializationBinderSource.TypeName, SymbolFilter.Type)
                .OfType<INamedTypeSymbol>().FirstOrDefault(t => t.ContainingType is null);
        }

        public bool UsePackage { get; }

        /// <summary>A top-level ModuleSerializationBinder of the project (a copy an earlier version of the fix added).</summary>
        public INamedTypeSymbol? Declared { get; }

        /// <summary>Whether <paramref name="type"/> needs a nested binder from this fix (false after the first time).</summary>
        public bool NeedsNested(INamedTypeSymbol type)
            => type.GetTypeMembers(ModuleSerializationBinderSource.TypeName).IsEmpty && _typesGivenBinder.Add(type);

        public bool WasGivenNested(INamedTypeSymbol type) => _typesGivenBinder.Contains(type);
    }

    private static async Task<Document> FixDocumentAsync(Document document, IEnumerable<Diagnostic> diagnostics, ProjectBinders binders, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var imports = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not AssignmentExpressionSyntax assignment
                || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } part
                || model.GetDeclaredSymbol(part, cancellationToken) is not { } containing)
            {
                continue;
            }

            ExpressionSyntax binder;
            string? import = null;
            if (binders.UsePackage)
            {
                binder = ModuleAssemblyExpressions.Fill("new " + ModuleSerializationBinderSource.TypeName + "(__0.Assembly)", ModuleAssemblyExpressions.TypeOfContaining(node, model)!);
                import = ModuleSerializationBinderSource.PackageNamespace;
            }
            else if (!model.LookupNamespacesAndTypes(node.SpanStart, name: ModuleSerializationBinderSource.TypeName).IsEmpty || binders.WasGivenNested(containing))
            {
                binder = NewBinder();
            }
            else if (binders.Declared is { } declared)
            {
                binder = NewBinder();
                import = NamespaceOf(declared.ContainingNamespace);
            }
            else
            {
                binder = NewBinder();
                if (binders.NeedsNested(containing) && part is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax)
                {
                    editor.ReplaceNode(part, (current, _) =>
                    {
                        var currentPart = (TypeDeclarationSyntax)current;
                        return NestedHelperType.AddTo(currentPart, NestedHelperType.Declaration(ModuleSerializationBinderSource.Nested, currentPart));
                    });
                }
            }

            var fixedHere = diagnostic.Properties[TypeNameHandlingWithoutBinderAnalyzer.ShapeProperty] == TypeNameHandlingWithoutBinderAnalyzer.InitializerShape
                ? AddToInitializer(editor, assignment, binder)
                : AddStatementAfter(editor, assignment, binder);
            if (fixedHere && import is not null && !SeesNamespace(model, assignment, import))
            {
                imports.Add(import);
            }
        }

        var root = editor.GetChangedRoot();
        if (imports.Count > 0 && root is CompilationUnitSyntax compilationUnit)
        {
            root = UsingDirectives.Ensure(compilationUnit, imports, model.Compilation);
        }

        return document.WithSyntaxRoot(root);
    }

    private static string? NamespaceOf(INamespaceSymbol? symbol) => symbol is null || symbol.IsGlobalNamespace ? null : symbol.ToDisplayString();

    private static ExpressionSyntax NewBinder() => SyntaxFactory.ParseExpression("new " + ModuleSerializationBinderSource.TypeName + "()");

    /// <summary>{ TypeNameHandling = X, … } → { TypeNameHandling = X, SerializationBinder = new ModuleSerializationBinder(), … }, laid out like its neighbour.</summary>
    private static bool AddToInitializer(DocumentEditor editor, AssignmentExpressionSyntax assignment, ExpressionSyntax newBinder)
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
                    newBinder)
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
    private static bool AddStatementAfter(DocumentEditor editor, AssignmentExpressionSyntax assignment, ExpressionSyntax newBinder)
    {
        if (assignment.Parent is not ExpressionStatementSyntax statement || assignment.Left is not MemberAccessExpressionSyntax access)
        {
            return false;
        }

        var binderStatement = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    access.WithName(SyntaxFactory.IdentifierName("SerializationBinder")).WithoutTrivia(),
                    newBinder).WithOperatorToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)))
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
}
