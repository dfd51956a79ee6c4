using System;
using System.Linq;
using System.Threading.Tasks;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Rules;
using Koupleless.Analyzers.Rules.Configuration;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Rules.Configuration;

/// <summary>KPL9001: a malformed line of an enterprise catalog names its file and line; the other lines still apply.</summary>
public sealed class CatalogFileTests
{
    private const string Path = "/repo/KouplelessHazards.Corp.txt";

    private const string MalformedTable = """
        # line 1: comment
        KPL1003 | M:Corp.Tenant.set_Current(System.String) | the tenant is one per process | pass the tenant explicitly
        KPL1003 | M:Corp.Tenant.Reset
        KPL42 | M:Corp.Tenant.Reset | reason
        KPL1999 | M:Corp.Tenant.Reset | reason
        KPL1003 | Corp.Tenant.Reset | reason
        KPL1003 | M:Corp.Tenant.Reset( | reason
        KPL1003 | M:Corp.Tenant.Reset |   
        KPL1003 | M:Corp.Tenant.Reset | a | b | c

        KPL1004 | M:Corp.Tenant.Stop | stopping the tenant stops every module
        KPL1003 | T:Corp.Tenant(*) | every overload of a type
        """;

    private const string Corp = """
        namespace Corp
        {
            public static class Tenant
            {
                public static string? Current { get; set; }
                public static void Reset() { }
                public static void Stop() { }
            }
        }
        """;

    private const string Source = """
        class Module
        {
            void Start()
            {
                {|KPL1003:Corp.Tenant.Current|} = "a";
                Corp.Tenant.Reset();
                {|KPL1004:Corp.Tenant.Stop|}();
            }
        }
        """;

    [Theory]
    [InlineData("Module")]
    [InlineData("Shared")]
    [InlineData("Base")]
    public Task Each_malformed_line_is_reported_at_its_file_and_line(string role)
        => AnalyzerSpec<CatalogFileAnalyzer>.For("class Module { }")
            .WithAdditionalFile(Path, MalformedTable)
            .InRole(role)
            .Expect(
                Malformed(3, "expected 'RULE-ID | SYMBOL-ID | reason [| adapter hint]' but found 2 field(s)"),
                Malformed(4, "'KPL42' is not a rule ID (expected KPL followed by four digits)"),
                Malformed(5, $"'KPL1999' is not a catalog-driven rule (one of {string.Join(", ", CatalogRules.Ids.OrderBy(id => id, StringComparer.Ordinal))})"),
                Malformed(6, "'Corp.Tenant.Reset' is not a documentation-comment ID (expected M:, P:, E:, F: or T: and a name)"),
                Malformed(7, "'M:Corp.Tenant.Reset(' has unbalanced brackets"),
                Malformed(8, "the reason field is empty: say why the symbol is a hazard"),
                Malformed(9, "expected 'RULE-ID | SYMBOL-ID | reason [| adapter hint]' but found 5 field(s)"),
                Malformed(12, "'T:Corp.Tenant(*)': only a method (M:) can name every overload with (*)"))
            .RunAsync();

    [Fact]
    public Task The_well_formed_lines_of_a_malformed_file_still_apply()
        => AnalyzerSpec<CatalogHazardAnalyzer>.For(Source).WithReferencedLibrary(Corp).WithAdditionalFile(Path, MalformedTable).RunAsync();

    [Fact]
    public Task A_well_formed_file_and_the_embedded_catalog_have_no_errors()
        => AnalyzerSpec<CatalogFileAnalyzer>.For("class Module { }")
            .WithAdditionalFile(Path, "KPL1003 | M:Corp.Tenant.Reset | reason | hint\n# comment\n\n")
            .RunAsync();

    [Fact]
    public Task Additional_files_that_are_not_catalogs_are_not_read()
        => AnalyzerSpec<CatalogFileAnalyzer>.For("class Module { }")
            .WithAdditionalFile("/repo/notes.txt", "not | a | catalog | at | all")
            .WithAdditionalFile("/repo/KouplelessHazards.Corp.json", "{ }")
            .RunAsync();

    /// <summary>The diagnostic spans the whole line, so a build log or IDE jumps straight to it.</summary>
    [Fact]
    public Task A_marked_file_of_any_name_is_checked_too()
        => AnalyzerSpec<CatalogFileAnalyzer>.For("class Module { }")
            .WithAdditionalFile("/repo/corp.catalog", "KPL1003 | M:Corp.Tenant.Reset\n")
            .WithAnalyzerConfig("/.catalogs.globalconfig", "is_global = true\n\n[/repo/corp.catalog]\nbuild_metadata.AdditionalFiles.KouplelessCatalog = true\n")
            .Expect(AnalyzerSpec<CatalogFileAnalyzer>.Diagnostic(RuleIds.MalformedCatalogLine)
                .WithSpan("/repo/corp.catalog", 1, 1, 1, 30)
                .WithArguments("/repo/corp.catalog", 1, "expected 'RULE-ID | SYMBOL-ID | reason [| adapter hint]' but found 2 field(s)"))
            .RunAsync();

    /// <summary>A project adapter table (KPL9003 reads it) gets the same treatment as a catalog: bad lines named, good ones kept.</summary>
    [Fact]
    public Task Malformed_adapter_table_lines_are_reported_at_their_file_and_line()
    {
        const string table = "Corp.Cache | [1.0,) | Corp.Cache.Koupleless@1.0.0 | KPL1002 | fine\nCorp.Cache | 1.0 | - | KPL1002 | no brackets\nCorp.Cache | [1.0,) | Corp.Cache.Koupleless | KPL1002 | no version\nCorp.Cache | [1.0,)\n";
        const string path = "/repo/KouplelessAdapters.Corp.txt";
        DiagnosticResult Bad(int line, int length, string message)
            => AnalyzerSpec<CatalogFileAnalyzer>.Diagnostic(RuleIds.MalformedCatalogLine).WithSpan(path, line, 1, line, length + 1).WithArguments(path, line, message);
        var lines = table.Split('\n');
        return AnalyzerSpec<CatalogFileAnalyzer>.For("class Module { }")
            .WithAdditionalFile(path, table)
            .Expect(
                Bad(2, lines[1].Length, "adapter table: '1.0' is not a NuGet version range (e.g. [1.0,2.0), [3.0,), (,4.1], [2.5.1]) or '*'"),
                Bad(3, lines[2].Length, "adapter table: adapter 'Corp.Cache.Koupleless' is not 'PackageId@Version' or '-'"),
                Bad(4, lines[3].Length, "adapter table: expected 'PACKAGE-ID | VERSION-RANGES | ADAPTER | COVERS | GUIDANCE [| DOCS-URL]' but found 2 field(s)"))
            .RunAsync();
    }

    private static DiagnosticResult Malformed(int line, string message)
        => AnalyzerSpec<CatalogFileAnalyzer>.Diagnostic(RuleIds.MalformedCatalogLine)
            .WithSpan(Path, line, 1, line, MalformedTable.Split('\n')[line - 1].TrimEnd('\r').Length + 1)
            .WithArguments(Path, line, message);
}
