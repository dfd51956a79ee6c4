using System.Linq;
using Koupleless.Scanner.Packages.Adapters;
using NuGet.Versioning;
using Xunit;

namespace Koupleless.Scanner.Tests.Packages;

public sealed class AdapterTableTests
{
    private static AdapterTables Tables(params (string Source, string Text)[] tables) => AdapterTables.Combine(tables);

    [Fact]
    public void Parses_a_line_with_a_union_of_ranges_and_an_adapter_package()
    {
        var tables = Tables(("t.txt", "Acme.Log | [1.0,2.0)||[3.0,) | Acme.Log.Koupleless@1.2.0 | KPL1005,KPL3xxx | use the adapter | https://example.org/acme"));
        var entry = Assert.Single(tables.Entries);
        Assert.Equal("Acme.Log.Koupleless", entry.AdapterPackage);
        Assert.Equal("1.2.0", entry.AdapterVersion);
        Assert.Equal(new[] { "KPL1005", "KPL3xxx" }, entry.Covers);
        Assert.True(entry.Matches("acme.log", NuGetVersion.Parse("1.5.0")));
        Assert.False(entry.Matches("Acme.Log", NuGetVersion.Parse("2.5.0")));
        Assert.True(entry.Matches("Acme.Log", NuGetVersion.Parse("3.1.0")));
        Assert.True(entry.CoversRule("KPL3003"));
        Assert.False(entry.CoversRule("KPL1001"));
        Assert.Empty(tables.Problems);
    }

    [Theory]
    [InlineData("Acme | [1.0,) | - | KPL1001", "found 4 field(s)")]
    [InlineData("Acme | 1.0 | - | KPL1001 | text", "'1.0' is not a NuGet version range")]
    [InlineData("Acme | [1.0,) | Acme.Adapter | KPL1001 | text", "is not 'PackageId@Version' or '-'")]
    [InlineData("Acme | [1.0,) | - | KPL12 | text", "'KPL12' in COVERS")]
    [InlineData("Acme | [1.0,) | - | KPL1001 | ", "give an adapter package or guidance")]
    [InlineData("Acme | [1.0,) | - | KPL1001 | text | javascript:alert(1)", "is not an http(s) link")]
    [InlineData("Bad Id! | [1.0,) | - | KPL1001 | text", "is not a valid package id")]
    public void A_malformed_line_is_named_by_file_and_line_and_the_rest_applies(string bad, string message)
    {
        var tables = Tables(("custom/KouplelessAdapters.txt", "# comment\nGood | * | - | * | ok\n" + bad + "\nAlso.Good | [2.0] | - | KPL1001 | ok"));
        var problem = Assert.Single(tables.Problems);
        Assert.StartsWith("custom/KouplelessAdapters.txt(3): ", problem);
        Assert.Contains(message, problem);
        Assert.Equal(new[] { "Good", "Also.Good" }, tables.Entries.Select(e => e.PackageId));
    }

    [Fact]
    public void A_later_table_overrides_an_entry_with_the_same_package_and_range()
    {
        var tables = Tables(
            ("default", "Serilog | [2.0,) | - | KPL1001 | default guidance\nNLog | [4.0,) | - | KPL1001 | keep"),
            ("custom", "serilog | [2.0, ) | Corp.Serilog.Adapter@1.0.0 | * | corporate adapter"));
        Assert.Equal(2, tables.Entries.Count);
        var serilog = tables.Matching("Serilog", NuGetVersion.Parse("4.0.0")).Single();
        Assert.Equal("Corp.Serilog.Adapter", serilog.AdapterPackage);
        Assert.Equal("custom", serilog.Source);
    }

    [Fact]
    public void Entries_with_different_ranges_all_apply()
    {
        var tables = Tables(("default", "Dapper | [1.0,) | - | KPL1001 | a"), ("custom", "Dapper | [2.0,3.0) | - | KPL1005 | b"));
        Assert.Equal(2, tables.Matching("Dapper", NuGetVersion.Parse("2.1.66")).Count());
        Assert.Single(tables.Matching("Dapper", NuGetVersion.Parse("1.5.0")));
    }

    [Fact]
    public void The_embedded_default_table_parses_cleanly()
    {
        var embedded = AdapterTables.Embedded().ToList();
        Assert.NotEmpty(embedded);
        var tables = Tables(embedded.ToArray());
        Assert.Empty(tables.Problems);
        Assert.Contains(tables.Entries, e => e.PackageId == "Newtonsoft.Json");
    }

    [Fact]
    public void Conventional_files_at_the_root_and_catalog_files_load_in_order()
    {
        using var tree = new Infrastructure.TempTree("adapters");
        tree.Write("KouplelessAdapters.Corp.txt", "Serilog | [2.0,) | Corp.Serilog@1.0.0 | * | from the repository");
        var extra = tree.Write("extra/my-table.txt", "Serilog | [2.0,) | Corp.Serilog@2.0.0 | * | from --catalog\nbroken");
        var tables = AdapterTables.Load(tree.Root, new[] { extra });
        Assert.Equal("2.0.0", tables.Matching("Serilog", NuGetVersion.Parse("4.0.0")).Single().AdapterVersion);
        Assert.Contains(tables.Problems, p => p.StartsWith(extra + "(2): ", System.StringComparison.Ordinal));
    }
}
