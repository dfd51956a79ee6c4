using System.Threading.Tasks;
using Koupleless.Analyzers.Rules.Configuration;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.Configuration;

/// <summary>
/// KPL9003: a project that uses a library whose adapter-table entry names an adapter package it does not reference;
/// once per project and library, at the first use (by file, then position).
/// </summary>
public sealed class MissingAdapterPackageTests
{
    private const string UsesNewtonsoftTwice = """
        using Newtonsoft.Json;

        class Orders
        {
            string Save(object order) => {|#0:JsonConvert.SerializeObject(order)|};
            object Load(string json) => JsonConvert.DeserializeObject(json);
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task A_library_used_without_its_adapter_is_reported_once_naming_the_package_to_add(string role)
        => Spec(UsesNewtonsoftTwice)
            .WithPackages(TestReferences.NewtonsoftJson)
            .InRole(role)
            .Expect(Missing().WithLocation(0).WithArguments(
                "JsonConvert.SerializeObject", "Newtonsoft.Json", "13.0.0.0", "Koupleless.Adapters.NewtonsoftJson", "0.1.0", "rules/KouplelessAdapters.txt", Line("Newtonsoft.Json")))
            .RunAsync();

    [Fact]
    public Task Referencing_the_adapter_package_silences_it()
        => Spec(UsesNewtonsoftTwice.Replace("{|#0:", string.Empty).Replace("|}", string.Empty))
            .WithPackages(TestReferences.NewtonsoftJson)
            .WithReferencedLibrary("namespace Adapter { public static class Marker { } }", "Koupleless.Adapters.NewtonsoftJson")
            .RunAsync();

    [Fact]
    public Task The_base_is_not_asked_to_reference_module_adapters()
        => Spec(UsesNewtonsoftTwice.Replace("{|#0:", string.Empty).Replace("|}", string.Empty))
            .WithPackages(TestReferences.NewtonsoftJson)
            .InRole("Base")
            .RunAsync();

    /// <summary>A library that only arrives with another package and is never called from this project needs no adapter here.</summary>
    [Fact]
    public Task A_referenced_but_unused_library_is_not_reported()
        => Spec("class Orders { string Save() => System.Text.Json.JsonSerializer.Serialize(1); }")
            .WithPackages(TestReferences.NewtonsoftJson, TestReferences.Serilog)
            .RunAsync();

    [Fact]
    public Task Each_library_is_reported_at_its_own_first_use()
        => Spec("""
                using Dapper;
                using Serilog;

                class Orders
                {
                    void Write() => {|#0:Log.Information("saved")|};
                    object Count(System.Data.IDbConnection db) => {|#1:db.ExecuteScalar("select 1")|};
                }
                """)
            .WithPackages(TestReferences.Serilog, TestReferences.Dapper)
            .Expect(
                Missing().WithLocation(0).WithArguments("Log.Information", "Serilog", "4.0.0.0", "Koupleless.Adapters.Serilog", "0.1.0", "rules/KouplelessAdapters.txt", Line("Serilog")),
                Missing().WithLocation(1).WithArguments("SqlMapper.ExecuteScalar", "Dapper", "2.0.0.0", "Koupleless.Adapters.Dapper", "0.1.0", "rules/KouplelessAdapters.txt", Line("Dapper")))
            .RunAsync();

    [Fact]
    public Task A_project_table_names_its_own_adapter_and_version_ranges_decide()
        => Spec("class Orders { void Run() => {|#0:Corp.Cache.Fill()|}; }")
            .WithReferencedLibrary(CorpCache("2.1.0.0"), "Corp.Cache")
            .WithAdditionalFile("/repo/KouplelessAdapters.Corp.txt", "Corp.Cache | [1.0,2.0) || [2.1,3.0) | Corp.Cache.Koupleless@1.2.0 | KPL1002 | per-module cache\n")
            .Expect(Missing().WithLocation(0).WithArguments("Cache.Fill", "Corp.Cache", "2.1.0.0", "Corp.Cache.Koupleless", "1.2.0", "/repo/KouplelessAdapters.Corp.txt", 1))
            .RunAsync();

    [Fact]
    public Task A_version_outside_the_ranges_is_not_reported()
        => Spec("class Orders { void Run() => Corp.Cache.Fill(); }")
            .WithReferencedLibrary(CorpCache("2.0.5.0"), "Corp.Cache")
            .WithAdditionalFile("/repo/KouplelessAdapters.Corp.txt", "Corp.Cache | [1.0,2.0) || [2.1,3.0) | Corp.Cache.Koupleless@1.2.0 | KPL1002 | per-module cache\n")
            .RunAsync();

    /// <summary>A project table entry with the default's package id and range replaces it: "-" turns the requirement off.</summary>
    [Fact]
    public Task A_project_table_can_replace_the_default_entry()
        => Spec(UsesNewtonsoftTwice.Replace("{|#0:", string.Empty).Replace("|}", string.Empty))
            .WithPackages(TestReferences.NewtonsoftJson)
            .WithAdditionalFile("/repo/KouplelessAdapters.txt", "Newtonsoft.Json | [6.0,) | - | KPL1xxx | we load Newtonsoft per module\n")
            .RunAsync();

    private static AnalyzerSpec<MissingAdapterPackageAnalyzer> Spec(string source) => AnalyzerSpec<MissingAdapterPackageAnalyzer>.For(source);

    private static DiagnosticResult Missing() => AnalyzerSpec<MissingAdapterPackageAnalyzer>.Diagnostic(RuleIds.MissingAdapterPackage);

    /// <summary>The line of the default table's entry for <paramref name="packageId"/> (the message cites it).</summary>
    private static int Line(string packageId)
    {
        var lines = System.IO.File.ReadAllLines(System.IO.Path.Combine(System.AppContext.BaseDirectory, "RepoFiles", "rules", "KouplelessAdapters.txt"));
        return System.Array.FindIndex(lines, l => l.StartsWith(packageId + " |", System.StringComparison.Ordinal)) + 1;
    }

    private static string CorpCache(string version)
        => $"[assembly: System.Reflection.AssemblyVersion(\"{version}\")] namespace Corp {{ public static class Cache {{ public static void Fill() {{ }} }} }}";
}
