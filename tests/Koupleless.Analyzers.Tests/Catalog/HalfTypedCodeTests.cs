using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Catalog;

/// <summary>
/// Code in the middle of being typed must never make the analyzers throw (an AD0001 warning in the IDE).
/// Compiler errors are expected and ignored here; any analyzer exception still fails the test, and what is typed
/// far enough to be a write is still reported.
/// </summary>
public sealed class HalfTypedCodeTests
{
    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Incomplete_catalog_api_uses_do_not_throw(string role) => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        using System;
        using System.Globalization;
        using Newtonsoft.Json;

        class Startup
        {
            void Configure()
            {
                Environment.Exit(
                Environment.FailFast();
                Environment.SetEnvironmentVariable("A", );
                {|KPL1003:CultureInfo.DefaultThreadCurrentCulture|} = ;
                {|KPL1003:CultureInfo.DefaultThreadCurrentUICulture|} = new CultureInfo(
                {|KPL1005:JsonConvert.DefaultSettings|} = () =>
                Console.SetOut(UnknownWriter);
                Unknown.Type.SetData("x", 1);
                AppDomain.CurrentDomain.SetData(
                ({|KPL1003:CultureInfo.DefaultThreadCurrentCulture|}, var x) = (null, 1);
                System.Diagnostics.Trace.Listeners.Add(new );
            }

            void Broken(
        """).WithPackages(TestReferences.NewtonsoftJson).InRole(role).IgnoringCompilerDiagnostics().RunAsync();

    [Fact]
    public Task An_incomplete_enterprise_catalog_line_does_not_throw() => AnalyzerSpec<CatalogHazardAnalyzer>.For("""
        class Module
        {
            void Start() => {|KPL1003:System.Environment.SetEnvironmentVariable|}("A", "b");
        }
        """)
        .WithAdditionalFile("/KouplelessHazards.Typing.txt", "KPL1003 | M:System.Environment.SetEnvironmentVariable(\nKPL1003 | M:\nKPL1003 | T:\n|||\nKPL1004 | M:System.Environment.SetEnvironmentVariable(System.String,System.String) |")
        .IgnoringCompilerDiagnostics()
        .RunAsync();
}
