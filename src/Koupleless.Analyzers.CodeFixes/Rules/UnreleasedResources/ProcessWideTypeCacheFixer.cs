using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 fix for reflection-based System.Text.Json: adds <see cref="JsonCacheReleaseTemplate"/> to the project once.
/// The call sites stay as they are; the module initializer clears the caches on unload. TypeDescriptor and
/// Newtonsoft.Json have no such release, so their diagnostics get no fix (docs/rules/KPL3010.md gives the options).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProcessWideTypeCacheFixer)), Shared]
public sealed class ProcessWideTypeCacheFixer : CodeFixProvider
{
    public const string ClearJsonCachesKey = RuleIds.ProcessWideTypeCache + ".ClearJsonCachesOnUnload";

    private const string Title = "Clear System.Text.Json's caches when the module unloads";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ProcessWideTypeCache);

    public override FixAllProvider GetFixAllProvider() => new ProjectOnceFixAllProvider();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var project = context.Document.Project;
        if (!context.Diagnostics.Any(IsSystemTextJson) || !await CanAddAsync(project, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics.Where(IsSystemTextJson))
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => AddHelperAsync(project.Solution, new[] { project.Id }, ct), ClearJsonCachesKey),
                diagnostic);
        }
    }

    private static bool IsSystemTextJson(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ProcessWideTypeCacheAnalyzer.CacheProperty, out var cache)
            && cache == ProcessWideTypeCacheAnalyzer.SystemTextJson;

    /// <summary>The helper needs [ModuleInitializer] (.NET 5 and later) and must not be there already.</summary>
    private static async Task<bool> CanAddAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation?.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute") is not null
            && compilation.Assembly.GetTypeByMetadataName(JsonCacheReleaseTemplate.MetadataName) is null;
    }

    private static async Task<Solution> AddHelperAsync(Solution solution, IEnumerable<ProjectId> projects, CancellationToken cancellationToken)
    {
        foreach (var projectId in projects.Distinct())
        {
            var project = solution.GetProject(projectId);
            if (project is null || !await CanAddAsync(project, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var folder = project.FilePath is { } path ? System.IO.Path.GetDirectoryName(path) : null;
            solution = solution.AddDocument(
                DocumentId.CreateNewId(projectId, JsonCacheReleaseTemplate.FileName),
                JsonCacheReleaseTemplate.FileName,
                SourceText.From(JsonCacheReleaseTemplate.Source),
                filePath: folder is null ? null : System.IO.Path.Combine(folder, JsonCacheReleaseTemplate.FileName));
        }

        return solution;
    }

    /// <summary>Fix All adds the helper once per project that has a System.Text.Json diagnostic in scope.</summary>
    private sealed class ProjectOnceFixAllProvider : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey != ClearJsonCachesKey)
            {
                return null;
            }

            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is { } document => new[] { document },
                FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => System.Array.Empty<Document>(),
            };

            var projects = new List<ProjectId>();
            foreach (var document in documents)
            {
                var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (diagnostics.Any(IsSystemTextJson))
                {
                    projects.Add(document.Project.Id);
                }
            }

            return projects.Count == 0
                ? null
                : CodeAction.Create(Title + " (all projects in scope)", ct => AddHelperAsync(fixAllContext.Solution, projects, ct), ClearJsonCachesKey);
        }
    }
}
