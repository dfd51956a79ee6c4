using System.Threading.Tasks;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Koupleless.Analyzers.Tests.Catalog;

/// <summary>An enterprise adds hazards as data: a KouplelessHazards*.txt AdditionalFile, no rebuild of the analyzers.</summary>
public sealed class EnterpriseCatalogTests
{
    /// <summary>The platform library the enterprise catalogues, referenced by the module (its own code is not a use).</summary>
    private const string CorpPlatform = """
        namespace Corp.Platform
        {
            public static class Tenant
            {
                public static string? Current { get; set; }
                public static void Reset() { }
            }
        }
        """;

    private const string CorporateLibrary = """
        class Module
        {
            void Start()
            {
                {|KPL1003:Corp.Platform.Tenant.Current|} = "a";
                {|KPL1003:Corp.Platform.Tenant.Reset|}();
                {|KPL1004:System.Net.Http.HttpClient.DefaultProxy|} = null!;
                var read = Corp.Platform.Tenant.Current;
            }
        }
        """;

    private const string EnterpriseTable = """
        # Corp's own hazards
        KPL1003 | M:Corp.Platform.Tenant.set_Current(System.String) | the tenant is one per process | pass the tenant explicitly
        KPL1003 | M:Corp.Platform.Tenant.Reset | the tenant is one per process
        KPL1004 | M:System.Net.Http.HttpClient.set_DefaultProxy(System.Net.IWebProxy) | Corp treats a proxy change as fatal | ask the platform team
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    public Task Lines_of_an_enterprise_table_are_reported_like_the_default_ones(string role)
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(CorporateLibrary.Replace("{|KPL1004:System.Net.Http.HttpClient.DefaultProxy|}", "{|KPL1004:{|KPL1003:System.Net.Http.HttpClient.DefaultProxy|}|}"))
            .WithReferencedLibrary(CorpPlatform)
            .WithAdditionalFile("/src/Module/KouplelessHazards.Corp.txt", EnterpriseTable)
            .InRole(role)
            .RunAsync();

    [Fact]
    public Task The_library_that_declares_a_catalogued_member_does_not_use_it_when_it_calls_it()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(CorpPlatform + """

        namespace Corp.Platform
        {
            public static class Setup
            {
                public static void Default() { Tenant.Current = "base"; Tenant.Reset(); }
            }
        }
        """)
            .WithAdditionalFile("/src/Corp/KouplelessHazards.Corp.txt", EnterpriseTable)
            .InRole("Shared")
            .RunAsync();

    [Fact]
    public Task Enterprise_lines_follow_their_rule_roles()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(CorporateLibrary
                .Replace("{|KPL1004:System.Net.Http.HttpClient.DefaultProxy|}", "{|KPL1003:System.Net.Http.HttpClient.DefaultProxy|}"))
            .WithReferencedLibrary(CorpPlatform)
            .WithAdditionalFile("/src/Module/KouplelessHazards.Corp.txt", EnterpriseTable)
            .InRole("Base")
            .RunAsync();

    [Fact]
    public Task Additional_files_not_named_KouplelessHazards_are_not_catalogs()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(CorporateLibrary
                .Replace("{|KPL1003:Corp.Platform.Tenant.Current|}", "Corp.Platform.Tenant.Current")
                .Replace("{|KPL1003:Corp.Platform.Tenant.Reset|}", "Corp.Platform.Tenant.Reset")
                .Replace("{|KPL1004:System.Net.Http.HttpClient.DefaultProxy|}", "{|KPL1003:System.Net.Http.HttpClient.DefaultProxy|}"))
            .WithReferencedLibrary(CorpPlatform)
            .WithAdditionalFile("/src/Module/hazards.txt", EnterpriseTable)
            .RunAsync();

    [Fact]
    public Task A_file_of_any_name_marked_by_the_KouplelessCatalog_item_is_a_catalog()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(CorporateLibrary.Replace("{|KPL1004:System.Net.Http.HttpClient.DefaultProxy|}", "{|KPL1004:{|KPL1003:System.Net.Http.HttpClient.DefaultProxy|}|}"))
            .WithReferencedLibrary(CorpPlatform)
            .WithAdditionalFile("/build/corp-hazards.txt", EnterpriseTable)
            // What the package's targets produce for <KouplelessCatalog Include="corp-hazards.txt" />.
            .WithAnalyzerConfig("/.catalogs.globalconfig", "is_global = true\n\n[/build/corp-hazards.txt]\nbuild_metadata.AdditionalFiles.KouplelessCatalog = true\n")
            .RunAsync();
}
