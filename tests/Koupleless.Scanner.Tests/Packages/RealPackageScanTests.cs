using System.Linq;
using Koupleless.Scanner.Packages.Model;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

/// <summary>Expected findings in real packages, asserted by rule, type and member (versions pinned in the fixture).</summary>
[Collection(RealPackagesCollection.Name)]
public sealed class RealPackageScanTests
{
    private readonly RealPackagesFixture _fixture;

    public RealPackageScanTests(RealPackagesFixture fixture) => _fixture = fixture;

    [Fact]
    public void Every_package_is_fetched_and_scanned()
    {
        Assert.All(_fixture.Report.Packages, p => Assert.True(p.Scanned, $"{p.Id}: {string.Join("; ", p.Problems)}"));
        Assert.Equal(RealPackagesFixture.Packages.Length, _fixture.Report.Packages.Count);
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "KPL1001", "Newtonsoft.Json.JsonConvert", "DefaultSettings")]
    [InlineData("Newtonsoft.Json", "KPL2001", "Newtonsoft.Json.Serialization.DefaultSerializationBinder", "GetTypeFromTypeNameKey")]
    [InlineData("Serilog", "KPL1001", "Serilog.Log", "_logger")]
    [InlineData("Serilog", "KPL1001", "Serilog.Debugging.SelfLog", "_output")]
    [InlineData("NLog", "KPL1001", "NLog.Time.TimeSource", "Current")]
    [InlineData("NLog", "KPL1003", "NLog.Targets.ConsoleTargetHelper", "SetConsoleOutputEncoding")]
    [InlineData("NLog", "KPL3003", "NLog.Internal.Fakeables.AppDomainWrapper", "ProcessExit")]
    [InlineData("NLog", "KPL2002", "NLog.Config.AssemblyExtensionLoader", "LoadAssemblyFromPath")]
    [InlineData("log4net", "KPL3003", "log4net.Core.LoggerManager", "RegisterAppDomainEvents")]
    [InlineData("log4net", "KPL1001", "log4net.Core.LoggerManager", "s_repositorySelector")]
    [InlineData("Dapper", "KPL1002", "Dapper.SqlMapper", "typeHandlers")]
    [InlineData("Dapper", "KPL1002", "Dapper.SqlMapper", "_queryCache")]
    [InlineData("Dapper", "KPL1001", "Dapper.SqlMapper.Settings", "CommandTimeout")]
    [InlineData("AutoMapper", "KPL1001", "AutoMapper.Mapper", "_configuration")]
    [InlineData("AutoMapper", "KPL2007", "AutoMapper.Execution.ProxyGenerator", "CreateProxyModule")]
    [InlineData("Castle.Core", "KPL2007", "Castle.DynamicProxy.ModuleScope", "CreateModule")]
    [InlineData("Castle.Core", "KPL2007", "Castle.Components.DictionaryAdapter.DictionaryAdapterFactory", "CreateTypeBuilder")]
    [InlineData("Humanizer.Core", "KPL1001", "Humanizer.Configuration.Configurator", "_dateTimeHumanizeStrategy")]
    public void Reports_the_known_hazard(string package, string ruleId, string type, string member)
    {
        var findings = _fixture.Package(package).Findings;
        Assert.Contains(findings, f => f.RuleId == ruleId && f.Type == type && f.Member == member);
    }

    [Fact]
    public void Every_finding_shows_the_decompiled_code_it_was_judged_on()
    {
        var all = _fixture.Report.Packages.SelectMany(p => p.Findings).ToList();
        Assert.All(all, f =>
        {
            Assert.Contains(f.Role, new[] { "Shared", "Module" });
            Assert.NotNull(f.Snippet);
            Assert.NotEmpty(f.Snippet!);
            Assert.True(f.DecompiledLine >= f.SnippetStartLine && f.DecompiledLine < f.SnippetStartLine + f.Snippet!.Count, $"{f.Type}.{f.Member}");
        });

        var logger = _fixture.Package("Serilog").Findings.Single(f => f.Member == "_logger");
        Assert.Contains(logger.Snippet!, line => line.Contains("_logger", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Per_module_hazards_come_from_the_module_role_and_sharing_hazards_from_the_shared_role()
    {
        var nlog = _fixture.Package("NLog").Findings;
        Assert.All(nlog.Where(f => f.RuleId is "KPL3003" or "KPL2002"), f => Assert.Equal("Module", f.Role));
        Assert.All(nlog.Where(f => f.RuleId is "KPL1001" or "KPL1002"), f => Assert.Equal("Shared", f.Role));
    }

    [Theory]
    [InlineData("Microsoft.Bcl.AsyncInterfaces")]
    [InlineData("Microsoft.Extensions.Primitives")]
    public void Clean_packages_come_out_compatible(string package)
    {
        var result = _fixture.Package(package);
        Assert.Empty(result.Findings);
        Assert.Equal(Verdicts.Compatible, result.Verdict);
        Assert.Equal(Placements.Anywhere, result.Placement);
    }

    [Fact]
    public void Compiler_generated_code_is_attributed_to_the_user_visible_member()
    {
        var all = _fixture.Report.Packages.SelectMany(p => p.Findings).ToList();
        Assert.NotEmpty(all);
        Assert.All(all, f =>
        {
            Assert.DoesNotContain("<", f.Type);
            Assert.DoesNotContain("<", f.Member);
            Assert.DoesNotContain("PrivateImplementationDetails", f.Type);
        });
    }

    [Fact]
    public void Lib_folder_is_the_nearest_to_net8()
    {
        Assert.Equal("lib/net8.0", _fixture.Package("Serilog").LibFolder);
        Assert.Equal("lib/netstandard2.0", _fixture.Package("AutoMapper").LibFolder);
        Assert.Equal("lib/net6.0", _fixture.Package("Newtonsoft.Json").LibFolder);
    }

    [Fact]
    public void Default_adapter_table_makes_known_libraries_compatible_with_adapter()
    {
        foreach (var id in new[] { "Newtonsoft.Json", "Serilog", "NLog", "log4net", "Dapper", "AutoMapper", "Castle.Core" })
        {
            var package = _fixture.Package(id);
            Assert.NotEmpty(package.Adapters);
            Assert.Equal(Verdicts.CompatibleWithAdapter, package.Verdict);
        }

        Assert.Contains(_fixture.Package("AutoMapper").Adapters, a => a.DocsUrl == "https://github.com/AutoMapper/AutoMapper/releases/tag/v9.0.0");
    }

    [Fact]
    public void Family_counts_add_up_to_the_findings()
    {
        Assert.All(_fixture.Report.Packages, p => Assert.Equal(p.Findings.Count, p.FamilyCounts.Values.Sum()));
        Assert.True(_fixture.Package("NLog").FamilyCounts["unreleased-resources"] >= 2);
    }
}
