using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Rules.Configuration;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.Configuration;

/// <summary>KPL9002: an unknown KouplelessRole value is reported once per project, and the project is treated as a Module.</summary>
public sealed class RoleConfigurationTests
{
    [Theory]
    [InlineData("Modul")]
    [InlineData("Library")]
    [InlineData("Base,Shared")]
    public Task An_unknown_role_is_reported(string role)
        => AnalyzerSpec<RoleConfigurationAnalyzer>.For("class Module { }")
            .InRole(role)
            .Expect(AnalyzerSpec<RoleConfigurationAnalyzer>.Diagnostic(RuleIds.UnknownRole).WithNoLocation().WithArguments(role))
            .RunAsync();

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    [InlineData("shared")]
    [InlineData(" Base ")]
    [InlineData("")]
    public Task Known_roles_are_not_reported(string role)
        => AnalyzerSpec<RoleConfigurationAnalyzer>.For("class Module { }").InRole(role).RunAsync();

    [Fact]
    public Task No_role_at_all_is_not_reported()
        => AnalyzerSpec<RoleConfigurationAnalyzer>.For("class Module { }").RunAsync();

    [Fact]
    public Task A_project_with_an_unknown_role_is_analyzed_as_a_module() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        class Worker
        {
            void Stop() => {|KPL1004:System.Environment.Exit|}(1);
        }
        """).InRole("Bsae").RunAsync();
}
