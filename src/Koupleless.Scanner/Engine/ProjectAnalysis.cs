using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Koupleless.Scanner.Engine;

/// <summary>Compiles one project and runs the Koupleless analyzers on it, the way the compiler would in a build.</summary>
internal static class ProjectAnalysis
{
    public const string AnalyzerExceptionId = "AD0001";

    /// <summary>A finding before fingerprinting, with the text of its line.</summary>
    public sealed record RawFinding(Finding Finding, string LineText);

    public sealed record Result(
        ProjectResult Project,
        IReadOnlyList<RawFinding> Findings,
        IReadOnlyList<ScanFailure> Failures);

    public static async Task<Result> RunAsync(
        Project project,
        AnalyzerSet analyzers,
        ImmutableArray<CatalogAdditionalText> catalogs,
        ScanOptions options,
        string root,
        CancellationToken cancellationToken)
    {
        var name = project.Name;
        var projectPath = project.FilePath is null ? name : Relative(root, project.FilePath);
        var failures = new List<ScanFailure>();
        var (analyzerOptions, role) = BuildOptions(project, catalogs, options.RoleOverride);
        var framework = FrameworkOf(project);

        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            failures.Add(new ScanFailure("compile", name, projectPath, "the project has no compilation (not a C# project?)"));
            return new Result(new ProjectResult(name, projectPath, role, framework, project.DocumentIds.Count, 0, ProjectStatus.Failed), Array.Empty<RawFinding>(), failures);
        }

        var withAnalyzers = compilation.WithAnalyzers(
            analyzers.Analyzers,
            new CompilationWithAnalyzersOptions(
                analyzerOptions,
                onAnalyzerException: null,
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true));

        // One pass: the compiler's own diagnostics (to tell whether the code compiles) and the analyzers' share
        // the bound trees, so the analyzers cost little beyond the compile itself.
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var findings = new List<RawFinding>();
        var compileErrors = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            if (analyzers.RuleIds.Contains(diagnostic.Id))
            {
                if (diagnostic.Severity != DiagnosticSeverity.Hidden)
                {
                    findings.Add(ToFinding(diagnostic, name, projectPath, root, catalogs, cancellationToken));
                }
            }
            else if (diagnostic.Id == AnalyzerExceptionId)
            {
                failures.Add(new ScanFailure("analyze", name, projectPath, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.IsSuppressed)
            {
                compileErrors.Add(diagnostic);
            }
        }

        var status = ProjectStatus.Analyzed;
        if (compileErrors.Count > 0)
        {
            status = ProjectStatus.CompileErrors;
            var first = compileErrors.Take(3).Select(d => Describe(d, root));
            failures.Add(new ScanFailure(
                "compile",
                name,
                projectPath,
                $"{compileErrors.Count} compile error(s); findings may be incomplete. First: {string.Join(" | ", first)}"));
        }

        return new Result(new ProjectResult(name, projectPath, role, framework, project.DocumentIds.Count, findings.Count, status), findings, failures);
    }

    /// <summary>
    /// The project's analyzer options plus the --catalog files, with KouplelessRole, KouplelessModuleAssemblies and
    /// KouplelessModuleHost injected where the project's build does not surface them (it does not reference the package,
    /// or --role is given).
    /// </summary>
    internal static (AnalyzerOptions Options, string Role) BuildOptions(Project project, ImmutableArray<CatalogAdditionalText> catalogs, string? roleOverride)
    {
        var projectOptions = project.AnalyzerOptions;
        var additionalFiles = projectOptions.AdditionalFiles.AddRange(catalogs.CastArray<AdditionalText>());
        var provider = projectOptions.AnalyzerConfigOptionsProvider;
        var hasOwnRole = OwnRole(project) is not null;
        var role = RoleOf(project, roleOverride);

        var injected = new Dictionary<string, string>();
        if (roleOverride is not null || !hasOwnRole)
        {
            injected[InjectedOptionsProvider.RoleKey] = role;
        }

        // A build with the package's targets names the module's other projects itself (unless --role changes the roles).
        if (roleOverride is not null || !provider.GlobalOptions.TryGetValue(InjectedOptionsProvider.ModuleAssembliesKey, out _))
        {
            injected[InjectedOptionsProvider.ModuleAssembliesKey] = string.Join(",", ModuleProjectAssemblies(project, role, roleOverride));
        }

        // Whose host the module runs under, when the project file says it and the build does not surface it.
        if (!provider.GlobalOptions.TryGetValue(InjectedOptionsProvider.ModuleHostKey, out _) && ModuleHostInFiles(project) is { } host)
        {
            injected[InjectedOptionsProvider.ModuleHostKey] = host;
        }

        return (new AnalyzerOptions(additionalFiles, new InjectedOptionsProvider(provider, injected)), role);
    }

    /// <summary>The role a project is scanned in: --role, else its build's, else its files', else Module.</summary>
    private static string RoleOf(Project project, string? roleOverride)
        => roleOverride ?? OwnRole(project) ?? RoleInFiles(project) ?? "Module";

    /// <summary>Roles read from project files, once per project of a solution: every project that references one asks.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Solution, System.Collections.Concurrent.ConcurrentDictionary<ProjectId, string?>> RolesInFiles = new();

    private static string? RoleInFiles(Project project)
        => project.FilePath is not { } path ? null
            : RolesInFiles.GetOrCreateValue(project.Solution).GetOrAdd(project.Id, _ => ProjectPropertyReader.Read(path, ProjectPropertyReader.Role));

    private static string? ModuleHostInFiles(Project project)
        => project.FilePath is { } path ? ProjectPropertyReader.Read(path, ProjectPropertyReader.ModuleHost) : null;

    private static string? OwnRole(Project project)
        => project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(InjectedOptionsProvider.RoleKey, out var own) && !string.IsNullOrWhiteSpace(own)
            ? own.Trim()
            : null;

    /// <summary>
    /// The assemblies of the referenced projects (transitively, through Module projects only) that are Module too: they
    /// load into the same module's context, as the package's targets find at build time. None for a Shared or Base project.
    /// </summary>
    private static IEnumerable<string> ModuleProjectAssemblies(Project project, string role, string? roleOverride)
    {
        if (!IsModule(role))
        {
            yield break;
        }

        var seen = new HashSet<ProjectId> { project.Id };
        var pending = new Queue<Project>();
        pending.Enqueue(project);
        while (pending.Count > 0)
        {
            foreach (var reference in pending.Dequeue().ProjectReferences)
            {
                if (seen.Add(reference.ProjectId) && project.Solution.GetProject(reference.ProjectId) is { } referenced
                    && IsModule(RoleOf(referenced, roleOverride)))
                {
                    yield return referenced.AssemblyName;
                    pending.Enqueue(referenced);
                }
            }
        }
    }

    /// <summary>Module, or a value the analyzers also treat as Module (an unknown role, KPL9002).</summary>
    private static bool IsModule(string role)
        => !role.Equals("Shared", StringComparison.OrdinalIgnoreCase) && !role.Equals("Base", StringComparison.OrdinalIgnoreCase);

    private static RawFinding ToFinding(Diagnostic diagnostic, string project, string projectPath, string root, ImmutableArray<CatalogAdditionalText> catalogs, CancellationToken cancellationToken)
    {
        var location = diagnostic.Location;
        string? path = projectPath;
        int line = 0, column = 0, endLine = 0, endColumn = 0;
        SourceText? text = null;
        if (location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile)
        {
            var span = location.GetLineSpan();
            var fullPath = span.Path;
            var catalog = catalogs.FirstOrDefault(c => string.Equals(c.Path, fullPath, StringComparison.Ordinal));
            if (catalog is not null)
            {
                fullPath = catalog.RealPath;
                text = catalog.GetText(cancellationToken);
            }
            else if (location.SourceTree is { } tree)
            {
                text = tree.GetText(cancellationToken);
            }
            else if (File.Exists(fullPath))
            {
                text = SourceText.From(File.ReadAllText(fullPath));
            }

            if (!string.IsNullOrEmpty(fullPath))
            {
                path = Relative(root, fullPath);
                line = span.StartLinePosition.Line + 1;
                column = span.StartLinePosition.Character + 1;
                endLine = span.EndLinePosition.Line + 1;
                endColumn = span.EndLinePosition.Character + 1;
            }
        }

        var lineText = string.Empty;
        List<string>? snippet = null;
        var snippetStart = 0;
        if (text is not null && line > 0 && line <= text.Lines.Count)
        {
            lineText = text.Lines[line - 1].ToString();
            snippetStart = Math.Max(1, line - 1);
            var snippetEnd = Math.Min(text.Lines.Count, line + 1);
            snippet = new List<string>();
            for (var i = snippetStart; i <= snippetEnd; i++)
            {
                snippet.Add(text.Lines[i - 1].ToString());
            }
        }

        var finding = new Finding
        {
            RuleId = diagnostic.Id,
            Level = AnalyzerSet.ToLevel(diagnostic.Severity),
            Message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            Path = path,
            Line = line,
            Column = column,
            EndLine = endLine,
            EndColumn = endColumn,
            Project = project,
            Family = RuleFamilies.Of(diagnostic.Id),
            Category = diagnostic.Descriptor.Category,
            Fingerprint = string.Empty,
            Suppression = diagnostic.IsSuppressed ? "inSource" : null,
            Snippet = snippet,
            SnippetStartLine = snippetStart,
            SharedCache = SharedCacheOf(diagnostic),
        };
        return new RawFinding(finding, lineText);
    }

    /// <summary>KPL3010 in shared code: the members modules call and the cache (what --emit-catalog writes as lines).</summary>
    private static SharedCacheEntry? SharedCacheOf(Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(Koupleless.Analyzers.Rules.UnreleasedResources.ProcessWideTypeCacheAnalyzer.EntryPointsProperty, out var entryPoints)
            || string.IsNullOrEmpty(entryPoints)
            || !properties.TryGetValue(Koupleless.Analyzers.Rules.UnreleasedResources.ProcessWideTypeCacheAnalyzer.CacheDescriptionProperty, out var cache)
            || string.IsNullOrEmpty(cache))
        {
            return null;
        }

        var ids = entryPoints.Split(Koupleless.Analyzers.Rules.UnreleasedResources.ProcessWideTypeCacheAnalyzer.EntryPointSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new SharedCacheEntry(ids, cache);
    }

    private static string Describe(Diagnostic diagnostic, string root)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = string.IsNullOrEmpty(span.Path) ? string.Empty : $"{Relative(root, span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): ";
        return $"{where}{diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The project's target framework: the TargetFramework property the SDK hands every analyzer (in the generated
    /// global .editorconfig), the one a single-framework project also has; else the "(tfm)" suffix MSBuildWorkspace
    /// gives each framework's copy of a multi-targeted project.
    /// </summary>
    private static string? FrameworkOf(Project project)
    {
        if (project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(TargetFrameworkKey, out var framework)
            && !string.IsNullOrWhiteSpace(framework))
        {
            return framework.Trim();
        }

        return FrameworkOf(project.Name);
    }

    /// <summary>MSBuildWorkspace names each target framework's copy of a project "Name(tfm)".</summary>
    internal static string? FrameworkOf(string projectName)
    {
        var open = projectName.LastIndexOf('(');
        return open > 0 && projectName.EndsWith(')') ? projectName[(open + 1)..^1] : null;
    }

    private const string TargetFrameworkKey = "build_property.TargetFramework";

    public static string Relative(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? full
            : relative.Replace('\\', '/');
    }
}
