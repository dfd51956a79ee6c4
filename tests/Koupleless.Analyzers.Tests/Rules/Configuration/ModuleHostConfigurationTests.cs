using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.Configuration;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.Configuration;

/// <summary>KPL9004: an unknown KouplelessModuleHost value is reported once per project and then ignored.</summary>
public sealed class ModuleHostConfigurationTests
{
    [Theory]
    [InlineData("Owned")]
    [InlineData("Shared")]
    [InlineData("Own,Base")]
    public Task An_unknown_module_host_is_reported(string host)
        => AnalyzerSpec<ModuleHostConfigurationAnalyzer>.For("class Module { }")
            .WithModuleHost(host)
            .Expect(AnalyzerSpec<ModuleHostConfigurationAnalyzer>.Diagnostic(RuleIds.UnknownModuleHost).WithNoLocation().WithArguments(host))
            .RunAsync();

    [Theory]
    [InlineData("Own")]
    [InlineData("Base")]
    [InlineData("own")]
    [InlineData(" Base ")]
    [InlineData("")]
    public Task Known_values_are_not_reported(string host)
        => AnalyzerSpec<ModuleHostConfigurationAnalyzer>.For("class Module { }").WithModuleHost(host).RunAsync();

    [Fact]
    public Task No_value_at_all_is_not_reported()
        => AnalyzerSpec<ModuleHostConfigurationAnalyzer>.For("class Module { }").RunAsync();
}
