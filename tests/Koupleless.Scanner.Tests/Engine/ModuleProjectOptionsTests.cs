using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Scanner.Engine;
using Koupleless.Scanner.Loading;
using Koupleless.Scanner.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Koupleless.Scanner.Tests.Engine;

/// <summary>
/// What `scan` tells the analyzers about the module's other projects when the build does not (the project does not
/// reference the package): the referenced projects whose role is Module, followed through Module projects only, as
/// the package's targets find them at build time (Koupleless.Analyzers.Package.Tests checks the targets).
/// </summary>
public sealed class ModuleProjectOptionsTests : System.IDisposable
{
    private readonly TempTree _tree = new("module-projects");

    public void Dispose() => _tree.Dispose();

    /// <summary>App → Contracts → Deep (Module); App → SharedLib (Shared) → Hidden (Module, but reached only through Shared).</summary>
    private Solution Build()
    {
        var workspace = new AdhocWorkspace();
        var ids = new Dictionary<string, ProjectId>();
        var references = new Dictionary<string, string[]>
        {
            ["App"] = new[] { "Contracts", "SharedLib" },
            ["Contracts"] = new[] { "Deep" },
            ["Deep"] = System.Array.Empty<string>(),
            ["SharedLib"] = new[] { "Hidden" },
            ["Hidden"] = System.Array.Empty<string>(),
        };
        foreach (var name in references.Keys)
        {
            ids[name] = ProjectId.CreateNewId(name);
        }

        var solution = workspace.CurrentSolution;
        foreach (var (name, referenced) in references)
        {
            var path = _tree.Write($"{name}/{name}.csproj", TempTree.Project(role: name == "SharedLib" ? "Shared" : null));
            solution = solution.AddProject(ProjectInfo.Create(
                ids[name], VersionStamp.Create(), name, name + ".Assembly", LanguageNames.CSharp, filePath: path,
                projectReferences: referenced.Select(r => new ProjectReference(ids[r]))));
        }

        return solution;
    }

    private static string? Injected(Project project, string? roleOverride)
    {
        var (options, _) = ProjectAnalysis.BuildOptions(project, ImmutableArray<CatalogAdditionalText>.Empty, roleOverride);
        return options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(InjectedOptionsProvider.ModuleAssembliesKey, out var value) ? value : null;
    }

    private static Project Named(Solution solution, string name) => solution.Projects.Single(p => p.Name == name);

    [Fact]
    public void A_module_project_gets_its_module_references_transitively_but_not_through_a_shared_one()
        => Assert.Equal("Contracts.Assembly,Deep.Assembly", Injected(Named(Build(), "App"), roleOverride: null));

    [Fact]
    public void A_shared_project_has_no_module_assemblies()
        => Assert.Equal(string.Empty, Injected(Named(Build(), "SharedLib"), roleOverride: null));

    [Fact]
    public void Role_override_applies_to_the_referenced_projects_too()
    {
        var solution = Build();
        Assert.Equal("Contracts.Assembly,SharedLib.Assembly,Deep.Assembly,Hidden.Assembly", Injected(Named(solution, "App"), roleOverride: "Module"));
        Assert.Equal(string.Empty, Injected(Named(solution, "App"), roleOverride: "Shared"));
    }

    /// <summary>
    /// End to end through source projects: each project's own role is surfaced as its build would, and a type of the
    /// module's other project is a module type while a Shared project's is not.
    /// </summary>
    [Theory]
    [InlineData(null, true)]
    [InlineData("Shared", false)]
    public async Task A_source_projects_own_role_decides_whether_its_types_are_the_modules(string? contractsRole, bool reported)
    {
        var contracts = _tree.Write("src/Contracts/Order.cs", "namespace Contracts; public sealed class Order { public int Id { get; set; } }");
        var app = _tree.Write("src/App/Store.cs", "using System.Text.Json; class Store { string Save(Contracts.Order o) => JsonSerializer.Serialize(o); }");
        var projects = new[]
        {
            new SourceProject { Name = "Contracts", SourceFiles = new[] { contracts }, MetadataReferences = FrameworkReferencePack.Assemblies, Role = contractsRole, Analyze = false },
            new SourceProject { Name = "App", SourceFiles = new[] { app }, MetadataReferences = FrameworkReferencePack.Assemblies, ProjectReferences = new[] { "Contracts" } },
        };

        var report = await SourceProjectScan.RunAsync(projects, _tree.Root, new ScanOptions { Target = "module" });

        Assert.Equal(reported, report.Findings.Any(f => f.RuleId == "KPL3010"));
    }

    /// <summary>A project that declares KouplelessModuleHost in its file (or Directory.Build.props) gets it, as its build would surface it.</summary>
    [Fact]
    public void The_module_host_a_project_file_declares_is_passed_to_the_analyzers()
    {
        var solution = Build();
        _tree.Write("Contracts/Directory.Build.props", "<Project><PropertyGroup><KouplelessModuleHost>Own</KouplelessModuleHost></PropertyGroup></Project>");

        string? HostOf(string name)
        {
            var (options, _) = ProjectAnalysis.BuildOptions(Named(solution, name), ImmutableArray<CatalogAdditionalText>.Empty, roleOverride: null);
            return options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(InjectedOptionsProvider.ModuleHostKey, out var value) ? value : null;
        }

        Assert.Equal("Own", HostOf("Contracts"));
        Assert.Null(HostOf("App"));
    }
}
