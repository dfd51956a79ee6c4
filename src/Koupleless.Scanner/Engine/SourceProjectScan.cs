using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Filtering;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Engine;

/// <summary>
/// Scans <see cref="SourceProject"/>s: an in-memory workspace instead of MSBuild, then exactly the analysis and the
/// report of <see cref="ScanEngine"/>. Nothing is emitted; a missing reference shows as compile errors in the report.
/// </summary>
public static class SourceProjectScan
{
    /// <param name="options">Role, catalogs, include/exclude and baseline as for a scan; <c>Target</c> names what is scanned.</param>
    /// <param name="rootDirectory">What every path in the report is relative to.</param>
    public static async Task<ScanReport> RunAsync(
        IReadOnlyList<SourceProject> projects,
        string rootDirectory,
        ScanOptions options,
        IScanProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        progress ??= IScanProgress.None;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(rootDirectory);
        var analyzers = AnalyzerSet.Discover();
        var catalogs = options.Catalogs.Select(CatalogAdditionalText.Load).ToImmutableArray();

        progress.Stage("Loading sources");
        var failures = new List<ScanFailure>();
        using var workspace = new AdhocWorkspace();
        var solution = Build(workspace.CurrentSolution, projects, failures);
        var toAnalyze = projects
            .Where(p => p.Analyze)
            .Select(p => solution.Projects.First(loaded => loaded.Name == p.Name))
            .ToList();

        var results = await ScanEngine.AnalyzeAsync(toAnalyze, analyzers, catalogs, options, root, progress, cancellationToken).ConfigureAwait(false);
        return ScanEngine.AssembleReport(options, root, started, clock.Elapsed, analyzers, Array.Empty<ProjectResult>(), failures, results, new PathFilter(options.Include, options.Exclude));
    }

    /// <summary>
    /// The compilations of the analysed projects and the analyzer options a scan in <paramref name="role"/> gives them —
    /// for measuring the analyzers against the compiler on the same code (tests/RealCode --timing).
    /// </summary>
    public static async Task<IReadOnlyList<(string Project, Compilation Compilation, AnalyzerOptions Options)>> CompileAsync(
        IReadOnlyList<SourceProject> projects, string role, CancellationToken cancellationToken = default)
    {
        using var workspace = new AdhocWorkspace();
        var solution = Build(workspace.CurrentSolution, projects, new List<ScanFailure>());
        var result = new List<(string, Compilation, AnalyzerOptions)>();
        foreach (var project in projects.Where(p => p.Analyze))
        {
            var loaded = solution.Projects.First(p => p.Name == project.Name);
            var compilation = await loaded.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var (options, _) = ProjectAnalysis.BuildOptions(loaded, ImmutableArray<CatalogAdditionalText>.Empty, role);
            result.Add((project.Name, compilation!, options));
        }

        return result;
    }

    private static Solution Build(Solution solution, IReadOnlyList<SourceProject> projects, List<ScanFailure> failures)
    {
        var ids = projects.ToDictionary(p => p.Name, _ => ProjectId.CreateNewId(), StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var id = ids[project.Name];
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: project.PreprocessorSymbols);
            var references = new List<MetadataReference>();
            foreach (var path in project.MetadataReferences)
            {
                if (File.Exists(path))
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
                else
                {
                    failures.Add(new ScanFailure("load", project.Name, path, "reference not found; the code compiles without it"));
                }
            }

            var projectReferences = new List<ProjectReference>();
            foreach (var name in project.ProjectReferences)
            {
                if (ids.TryGetValue(name, out var referenced))
                {
                    projectReferences.Add(new ProjectReference(referenced));
                }
                else
                {
                    failures.Add(new ScanFailure("load", project.Name, null, $"project reference '{name}' names no project of this scan"));
                }
            }

            var documents = new List<DocumentInfo>();
            foreach (var file in project.SourceFiles)
            {
                var text = ReadSource(file, project.Name, failures);
                if (text is not null)
                {
                    documents.Add(DocumentInfo.Create(DocumentId.CreateNewId(id), Path.GetFileName(file), loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create(), file)), filePath: file));
                }
            }

            // The role as the package's CompilerVisibleProperty would surface it: a global analyzer config of the project.
            var analyzerConfigs = project.Role is { } role
                ? new[] { DocumentInfo.Create(DocumentId.CreateNewId(id), ".koupleless.globalconfig", filePath: $"/{project.Name}/.koupleless.globalconfig",
                    loader: TextLoader.From(TextAndVersion.Create(SourceText.From($"is_global = true\nbuild_property.KouplelessRole = {role}\n"), VersionStamp.Create()))) }
                : Array.Empty<DocumentInfo>();

            solution = solution.AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Create(),
                project.Name,
                project.Name,
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    allowUnsafe: true,
                    nullableContextOptions: NullableContextOptions.Enable,
                    concurrentBuild: true,
                    specificDiagnosticOptions: project.SuppressedDiagnostics.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Suppress))),
                parseOptions: parseOptions,
                documents: documents,
                projectReferences: projectReferences,
                metadataReferences: references).WithAnalyzerConfigDocuments(analyzerConfigs));
        }

        return solution;
    }

    private static SourceText? ReadSource(string file, string project, List<ScanFailure> failures)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return SourceText.From(stream, Encoding.UTF8, canBeEmbedded: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            failures.Add(new ScanFailure("load", project, file, $"could not read the file: {ex.Message}"));
            return null;
        }
    }
}
