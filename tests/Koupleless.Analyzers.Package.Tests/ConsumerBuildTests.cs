using System.Linq;
using Koupleless.Analyzers.Package.Tests.Infrastructure;
using Xunit;
using static Koupleless.Analyzers.Package.Tests.Infrastructure.ConsumerSolution;

namespace Koupleless.Analyzers.Package.Tests;

/// <summary>What `dotnet build` prints for a solution that references the package (one build, read by every test).</summary>
[Collection(PackagedConsumerCollection.Name)]
public sealed class ConsumerBuildTests(PackagedConsumer consumer)
{
    [Fact]
    public void Module_role_is_the_default_and_reports_state_exit_and_library_singletons()
    {
        var lines = Reported(Module);

        Assert.Contains(("KPL1003", "warning", SetEnvironmentVariableLine), lines);
        Assert.Contains(("KPL1004", "warning", ExitLine), lines);
        Assert.Contains(("KPL1005", "warning", DefaultSettingsLine), lines);
    }

    /// <summary>
    /// The targets ask each referenced project for its role: a type of the module's other project (Module) pins the
    /// module in a serializer cache, a type of a Shared project does not.
    /// </summary>
    [Fact]
    public void A_type_of_the_modules_other_project_is_a_module_type_and_a_shared_projects_is_not()
    {
        var lines = consumer.In(Module).Where(d => d.FileName == "Contracts.cs").Select(d => (d.Id, d.Severity, d.LineNumber)).ToList();

        Assert.Equal(new[] { ("KPL3010", "warning", ModuleProjectTypeLine) }, lines);
    }

    [Fact]
    public void Shared_role_reports_process_exit_too()
    {
        var lines = Reported(Shared);

        Assert.Contains(("KPL1003", "warning", SetEnvironmentVariableLine), lines);
        Assert.Contains(("KPL1004", "warning", ExitLine), lines);
        Assert.Contains(("KPL1005", "warning", DefaultSettingsLine), lines);
    }

    [Fact]
    public void Base_role_may_end_its_own_process()
    {
        var lines = Reported(Base);

        Assert.Contains(("KPL1003", "warning", SetEnvironmentVariableLine), lines);
        Assert.DoesNotContain(lines, l => l.Id == "KPL1004");
    }

    [Fact]
    public void Editorconfig_error_severity_fails_the_build_for_that_project_only()
    {
        Assert.NotEqual(0, consumer.Build.ExitCode);
        Assert.Contains(("KPL1003", "error", SetEnvironmentVariableLine), Reported(Strict));
        var errors = consumer.Diagnostics.Where(d => d.Severity == "error").ToList();
        Assert.All(errors, e => Assert.Equal(Strict, e.ProjectName));
        // Only the property-level error: no other error (restore, compile) may explain the failed build.
        Assert.DoesNotMatch(@"error (?!KPL1003)[A-Z]+\d+", consumer.Build.Output);
    }

    /// <summary>KPL9003 from the packed package: at the first Newtonsoft use, not in the base, and off where a project table says so.</summary>
    [Fact]
    public void A_library_without_its_adapter_package_is_KPL9003_unless_the_projects_adapter_table_says_otherwise()
    {
        Assert.Contains(("KPL9003", "warning", DefaultSettingsLine), Reported(Module));
        Assert.Contains(consumer.In(Module), d => d.Id == "KPL9003" && d.Message.Contains("<PackageReference Include=\"Koupleless.Adapters.NewtonsoftJson\""));
        Assert.Single(consumer.In(Module), d => d.Id == "KPL9003");
        Assert.DoesNotContain(consumer.In(Base), d => d.Id == "KPL9003");
        Assert.DoesNotContain(consumer.In(Silenced), d => d.Id == "KPL9003");
    }

    [Fact]
    public void Editorconfig_none_severity_silences_only_that_rule()
    {
        var lines = Reported(Silenced);

        Assert.DoesNotContain(lines, l => l.Id == "KPL1003");
        Assert.Contains(("KPL1004", "warning", ExitLine), lines);
    }

    [Fact]
    public void Catalog_file_in_the_project_folder_adds_a_rule_to_that_project_only()
    {
        Assert.Contains(("KPL1004", "warning", KillLine), Reported(Module));
        Assert.DoesNotContain(Reported(Shared), l => l.Line == KillLine);
        var kill = consumer.In(Module).Single(d => d.Id == "KPL1004" && d.LineNumber == KillLine);
        Assert.Contains("killing the current process ends the base and every module", kill.Message);
    }

    [Fact]
    public void Malformed_catalog_line_is_KPL9001_naming_the_file_and_line()
    {
        var malformed = consumer.In(Module).Where(d => d.Id == "KPL9001").ToList();

        var diagnostic = Assert.Single(malformed);
        Assert.Equal(CustomCatalogFile, diagnostic.FileName);
        Assert.Equal(MalformedCatalogLine, diagnostic.LineNumber);
        Assert.Contains($"{CustomCatalogFile}({MalformedCatalogLine})", diagnostic.Message);
        Assert.DoesNotContain(consumer.Diagnostics, d => d.Id == "KPL9001" && d.ProjectName != Module);
    }

    [Fact]
    public void Catalog_directory_property_adds_its_catalogs()
    {
        Assert.Contains(("KPL1003", "warning", ForegroundColorLine), Reported(Base));
        Assert.DoesNotContain(Reported(Module), l => l.Line == ForegroundColorLine);
    }

    [Fact]
    public void Unknown_role_is_KPL9002_and_the_project_is_treated_as_a_module()
    {
        var diagnostics = consumer.In(Misconfigured);

        Assert.Contains(diagnostics, d => d.Id == "KPL9002" && d.Message.Contains("'Plugin'"));
        Assert.Contains(diagnostics, d => d.Id == "KPL1004");
    }

    [Fact]
    public void Context_switching_rules_follow_the_role()
    {
        // Module code resolves names in its own context (measured): only the load into the default context is reported.
        var module = ContextSwitching(Module);
        Assert.Contains(("KPL2002", "warning", LoadFromLine), module);
        Assert.DoesNotContain(module, l => l.Id == "KPL2001");

        // Shared code resolves names in the default context; loading is the base's business, not a module's.
        var shared = ContextSwitching(Shared);
        Assert.Contains(("KPL2001", "warning", TypeGetTypeLine), shared);
        Assert.DoesNotContain(shared, l => l.Id == "KPL2002");

        Assert.Contains(("KPL2001", "warning", TypeGetTypeLine), ContextSwitching(Base));
    }

    [Fact]
    public void Reads_are_never_reported()
    {
        Assert.True(consumer.Diagnostics.Count > 0, consumer.Build.ToString());
        Assert.DoesNotContain(consumer.Diagnostics, d => d.FileName == "Hazards.cs" && d.LineNumber == ReadLine);
    }

    private System.Collections.Generic.List<(string Id, string Severity, int Line)> ContextSwitching(string project)
        => consumer.In(project).Where(d => d.FileName == "Loading.cs").Select(d => (d.Id, d.Severity, d.LineNumber)).ToList();

    private System.Collections.Generic.List<(string Id, string Severity, int Line)> Reported(string project)
    {
        var lines = consumer.In(project).Where(d => d.FileName == "Hazards.cs").Select(d => (d.Id, d.Severity, d.LineNumber)).ToList();
        Assert.True(lines.Count > 0, $"no KPL diagnostic in {project}:\n{consumer.Build}");
        return lines;
    }
}
