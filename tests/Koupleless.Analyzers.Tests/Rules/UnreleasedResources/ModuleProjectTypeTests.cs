using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 on types of the module's other projects: a referenced project whose role is Module loads into the module's
/// context and unloads with it, so its types pin the module like the project's own. The build names those projects in
/// build_property.KouplelessModuleAssemblies; any other referenced assembly may be shared and is not counted.
/// </summary>
public sealed class ModuleProjectTypeTests
{
    private const string Contracts = """
        namespace Contracts
        {
            public sealed class ConfigItem { public string Name { get; set; } = ""; }
        }
        """;

    private const string Controller = """
        using System.Text.Json;
        using Contracts;

        class IndexerController
        {
            string Save(ConfigItem[] config) => JsonSerializer.{|KPL3010:Serialize(config)|};

            T Load<T>(string json) => JsonSerializer.{|#0:Deserialize<T>(json)|}!;

            ConfigItem Read(string json) => Load<ConfigItem>(json);
        }
        """;

    private static string ModuleAssemblies(string names) => $"is_global = true\nbuild_property.KouplelessModuleAssemblies = {names}\n";

    [Fact]
    public Task A_type_of_a_module_project_the_build_names_is_a_module_type() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Controller)
        .WithReferencedLibrary(Contracts, "Jackett.Common")
        .WithAnalyzerConfig("/.globalconfig", ModuleAssemblies("Other.Lib,Jackett.Common"))
        .Expect(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(ProcessWideTypeCacheAnalyzer.WrapperRule).WithLocation(0)
            .WithArguments("JsonSerializer.Deserialize", "ConfigItem", "IndexerController.Read",
                "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)",
                "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads"))
        .RunAsync();

    /// <summary>Without the property (a Shared project, a package, or a build without the package's targets) nothing is reported.</summary>
    [Fact]
    public Task A_referenced_assembly_the_build_does_not_name_is_not_a_module_type() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Controller))
        .WithReferencedLibrary(Contracts, "Jackett.Common")
        .RunAsync();

    [Fact]
    public Task Only_the_named_assemblies_count() => AnalyzerSpec<ProcessWideTypeCacheAnalyzer>.For(Markup.Strip(Controller))
        .WithReferencedLibrary(Contracts, "Jackett.Common")
        .WithAnalyzerConfig("/.globalconfig", ModuleAssemblies("Jackett.Common.Tests, Other"))
        .RunAsync();
}
