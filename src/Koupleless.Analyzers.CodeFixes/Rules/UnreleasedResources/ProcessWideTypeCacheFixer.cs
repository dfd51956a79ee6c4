using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.CodeFixes.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 fix: releases the cache when the module unloads. With the adapter package referenced, one line before the
/// statement registers the package's release (<see cref="PackageRelease"/>: Koupleless.Adapters for System.Text.Json and
/// TypeDescriptor, Koupleless.Adapters.NewtonsoftJson for Newtonsoft.Json, Koupleless.Adapters.Dapper for the catalog's
/// Dapper lines; idempotent). Without it only System.Text.Json
/// has a self-contained release: a nested class with a module initializer (<see cref="JsonCacheReleaseTemplate"/>), added
/// once per project to the type of the first call site. TypeDescriptor and Newtonsoft.Json sites of a project without
/// the package get no fix (their releases reach internal tables; docs/rules/KPL3010.md gives the options).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProcessWideTypeCacheFixer)), Shared]
public sealed class ProcessWideTypeCacheFixer : CodeFixProvider
{
    public const string ClearJsonCachesKey = RuleIds.ProcessWideTypeCache + ".ClearJsonCachesOnUnload";

    private const string Title = "Clear System.Text.Json's caches when the module unloads";
    private const string PackageReleaseTitle = "Release this module's entries in the process-wide type cache on unload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ProcessWideTypeCache);

    /// <summary>One edit over the scope: the nested release once per project, one call per serializing statement.</summary>
    public override FixAllProvider GetFixAllProvider()
        => new SolutionWideFixAllProvider(Title + " (all projects in scope)", (solution, sites, ct) => ApplyAsync(solution, SolutionWideFixAllProvider.Flatten(sites), ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(d => ReleaseOf(d) is not null))
        {
            var site = ImmutableArray.Create((context.Document, diagnostic));
            if (await PlanAsync(context.Document.Project, site, context.CancellationToken).ConfigureAwait(false) is { IsEmpty: false })
            {
                var systemTextJson = ReleaseOf(diagnostic) == PackageRelease.SystemTextJson;
                context.RegisterCodeFix(
                    CodeAction.Create(systemTextJson ? Title : PackageReleaseTitle, ct => ApplyAsync(context.Document.Project.Solution, site, ct), systemTextJson ? ClearJsonCachesKey : RuleIds.ProcessWideTypeCache + "." + ReleaseOf(diagnostic)!.MethodName),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The package release the diagnostic names (a catalog line's, such as Dapper's), else that of its cache kind; null for
    /// caches no package releases (DataAnnotations).
    /// </summary>
    private static PackageRelease? ReleaseOf(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ProcessWideTypeCacheAnalyzer.ReleaseProperty, out var release) ? PackageRelease.FromKey(release)
            : diagnostic.Properties.TryGetValue(ProcessWideTypeCacheAnalyzer.CacheProperty, out var cache) ? PackageRelease.For(cache)
            : null;

    /// <summary>What one project gets: package calls before statements, or the nested release in one type part.</summary>
    private sealed record Plan(List<(DocumentId Document, StatementSyntax Statement, string Call)> Calls, (DocumentId Document, TypeDeclarationSyntax Part)? Nested)
    {
        public bool IsEmpty => Calls.Count == 0 && Nested is null;
    }

    private static async Task<Plan> PlanAsync(Project project, IEnumerable<(Document Document, Diagnostic Diagnostic)> sites, CancellationToken cancellationToken)
    {
        var plan = new Plan(new List<(DocumentId, StatementSyntax, string)>(), null);
        (Document Document, TypeDeclarationSyntax Part)? nestedSite = null;
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return plan;
        }

        var nestedPossible = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute") is not null
            && !compilation.GetSymbolsWithName(JsonCacheReleaseTemplate.TypeName, SymbolFilter.Type, cancellationToken).Any();
        foreach (var (document, diagnostic) in sites)
        {
            if (ReleaseOf(diagnostic) is not { } release)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } part || model.GetDeclaredSymbol(part, cancellationToken) is not { } containing)
            {
                continue;
            }

            if (release.IsAvailableIn(compilation) && StatementInBlock(node) is { } statement)
            {
                var call = release.CallFor(containing.ToMinimalDisplayString(model, statement.SpanStart));
                if (!plan.Calls.Any(c => c.Statement == statement && c.Call == call))
                {
                    plan.Calls.Add((document.Id, statement, call));
                }
            }
            else if (release == PackageRelease.SystemTextJson && nestedPossible && part is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax
                && NestedHelperType.IsReachableFromAssembly(containing)
                && (nestedSite is null || ComesFirst(document, part, nestedSite.Value.Document, nestedSite.Value.Part)))
            {
                nestedSite = (document, part);
            }
        }

        return nestedSite is { } site ? plan with { Nested = (site.Document.Id, site.Part) } : plan;
    }

    /// <summary>
    /// Source order over the project (file path, then position): Fix All nests the release in the type of the first site
    /// in that order, whatever order the sites come in, which is also where fixing the first diagnostic alone puts it.
    /// </summary>
    private static bool ComesFirst(Document document, SyntaxNode part, Document other, SyntaxNode otherPart)
    {
        var byPath = string.CompareOrdinal(document.FilePath ?? document.Name, other.FilePath ?? other.Name);
        return byPath < 0 || (byPath == 0 && part.SpanStart < otherPart.SpanStart);
    }

    /// <summary>The statement of a block holding <paramref name="node"/>, not crossing a lambda or local function.</summary>
    private static StatementSyntax? StatementInBlock(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case StatementSyntax statement when statement.Parent is BlockSyntax:
                    return statement;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)> sites, CancellationToken cancellationToken)
    {
        var result = solution;
        foreach (var project in sites.GroupBy(s => s.Document.Project.Id))
        {
            var plan = await PlanAsync(solution.GetProject(project.Key)!, project, cancellationToken).ConfigureAwait(false);
            var documents = plan.Calls.Select(c => c.Document).Concat(plan.Nested is { } n ? new[] { n.Document } : System.Array.Empty<DocumentId>()).Distinct();
            foreach (var documentId in documents)
            {
                var editor = await DocumentEditor.CreateAsync(solution.GetDocument(documentId)!, cancellationToken).ConfigureAwait(false);
                foreach (var (_, statement, callText) in plan.Calls.Where(c => c.Document == documentId))
                {
                    var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
                    var newLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                    var call = SyntaxFactory.ParseStatement(callText)
                        .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
                        .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticLineFeed : newLine)
                        .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
                    editor.InsertBefore(statement, call);
                }

                if (plan.Nested is { } nested && nested.Document == documentId)
                {
                    editor.ReplaceNode(nested.Part, (current, _) =>
                    {
                        var part = (TypeDeclarationSyntax)current;
                        return NestedHelperType.AddTo(part, NestedHelperType.Declaration(JsonCacheReleaseTemplate.Nested, part));
                    });
                }

                var fixedDocument = await UnloadingRelease.CleanUpAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
                result = result.WithDocumentSyntaxRoot(documentId, (await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!);
            }
        }

        return result;
    }
}
