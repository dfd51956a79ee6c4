using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Koupleless.Analyzers.Tests.Docs;

/// <summary>
/// Keeps every descriptor of the analyzer assembly in step with what users read: its docs page, its README row and
/// its release-tracking entry, and the other way round. Generic: a new analyzer is picked up by reflection, so a rule
/// that ships without docs, a README row or a release entry fails here.
/// </summary>
public sealed class RuleCatalogConsistencyTests
{
    private const string TableStart = "<!-- rule-table:start -->";
    private const string TableEnd = "<!-- rule-table:end -->";

    private static readonly string RepoFiles = Path.Combine(AppContext.BaseDirectory, "RepoFiles");
    private static readonly string RulesDocs = Path.Combine(RepoFiles, "docs", "rules");

    private static readonly Lazy<IReadOnlyDictionary<string, DiagnosticDescriptor>> LazyDescriptors = new(DiscoverDescriptors);
    private static readonly Lazy<IReadOnlyList<ReadmeRow>> LazyReadmeRows = new(ReadReadmeRows);

    private static IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors => LazyDescriptors.Value;

    public static TheoryData<string> DescriptorIds() => new(DiscoverDescriptors().Keys.OrderBy(id => id, StringComparer.Ordinal));

    [Fact]
    public void The_analyzer_assembly_has_descriptors()
        => Assert.Contains(RuleIds.ProcessGlobalStateMutation, Descriptors.Keys);

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Id_has_the_KPL_shape_and_the_help_link_points_at_its_page(string id)
    {
        var descriptor = Descriptors[id];
        Assert.Matches(new Regex(@"^KPL\d{4}$"), id);
        Assert.Equal(RuleDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()), $"{id} has no title");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Docs_page_exists_and_its_heading_names_the_id_and_title(string id)
    {
        var page = Path.Combine(RulesDocs, id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");

        var heading = File.ReadLines(page).FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal));
        Assert.Equal($"# {id}: {Descriptors[id].Title}", heading);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Readme_has_exactly_one_row_with_title_category_and_severity(string id)
    {
        var descriptor = Descriptors[id];
        var rows = LazyReadmeRows.Value.Where(r => r.Id == id).ToList();
        Assert.True(rows.Count == 1, $"README rule table has {rows.Count} row(s) for {id}; expected exactly one");

        var row = rows[0];
        Assert.Equal($"[{id}](docs/rules/{id}.md)", row.Link);
        Assert.Equal(descriptor.Title.ToString(), row.Title);
        Assert.Equal(descriptor.Category, row.Category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Severity);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Readme_roles_of_a_catalog_rule_match_its_declared_roles(string id)
    {
        if (!CatalogRules.ById.TryGetValue(id, out var rule))
        {
            return; // Only catalog rules declare their roles in code; the others state them in their docs page.
        }

        var row = LazyReadmeRows.Value.Single(r => r.Id == id);
        Assert.Equal(RolesText(rule.Roles), row.Roles);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Release_tracking_lists_the_id_with_its_category_and_severity(string id)
    {
        var descriptor = Descriptors[id];
        var entries = ReleaseEntries().Where(e => e.Id == id).ToList();
        Assert.True(entries.Count > 0, $"{id} is in neither AnalyzerReleases.Unshipped.md nor AnalyzerReleases.Shipped.md");
        Assert.Contains(entries, e => e.Category == descriptor.Category && e.Severity == descriptor.DefaultSeverity.ToString());
    }

    [Fact]
    public void Every_docs_page_belongs_to_a_descriptor()
    {
        var orphans = Directory.GetFiles(RulesDocs, "*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !Descriptors.ContainsKey(name!))
            .ToList();
        Assert.True(orphans.Count == 0, "docs/rules pages without a descriptor: " + string.Join(", ", orphans));
    }

    [Fact]
    public void Every_readme_row_belongs_to_a_descriptor()
    {
        var rows = LazyReadmeRows.Value;
        Assert.NotEmpty(rows);
        var orphans = rows.Where(r => r.Id is null || !Descriptors.ContainsKey(r.Id)).Select(r => r.Line).ToList();
        Assert.True(orphans.Count == 0, "README rows without a descriptor:\n" + string.Join("\n", orphans));
    }

    private static IReadOnlyDictionary<string, DiagnosticDescriptor> DiscoverDescriptors()
    {
        var descriptors = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        var analyzerTypes = typeof(CatalogHazardAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0);
        foreach (var type in analyzerTypes)
        {
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                // Two analyzers may report the same rule; they must then agree on what it is.
                if (descriptors.TryGetValue(descriptor.Id, out var existing))
                {
                    Assert.Equal(existing.Title.ToString(), descriptor.Title.ToString());
                    Assert.Equal(existing.Category, descriptor.Category);
                    continue;
                }

                descriptors.Add(descriptor.Id, descriptor);
            }
        }

        return descriptors;
    }

    private sealed record ReadmeRow(string Line, string? Id, string Link, string Title, string Category, string Severity, string Roles);

    private static IReadOnlyList<ReadmeRow> ReadReadmeRows()
    {
        var text = File.ReadAllText(Path.Combine(RepoFiles, "README.md"));
        var start = text.IndexOf(TableStart, StringComparison.Ordinal);
        var end = text.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {TableStart} ... {TableEnd} section");

        var rows = new List<ReadmeRow>();
        foreach (var raw in text.Substring(start + TableStart.Length, end - start - TableStart.Length).Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("|", StringComparison.Ordinal) || line.StartsWith("| Rule ", StringComparison.Ordinal) || line.StartsWith("|---", StringComparison.Ordinal) || line.StartsWith("|-", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.True(cells.Length == 5, $"README rule row must have 5 cells (Rule | Title | Category | Severity | Roles): {line}");
            var id = Regex.Match(cells[0], @"^\[(KPL\d{4})\]").Groups[1].Value;
            rows.Add(new ReadmeRow(line, id.Length == 0 ? null : id, cells[0], cells[1], cells[2], cells[3], cells[4]));
        }

        return rows;
    }

    private sealed record ReleaseEntry(string Id, string Category, string Severity);

    private static IEnumerable<ReleaseEntry> ReleaseEntries()
    {
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            foreach (var line in File.ReadLines(Path.Combine(RepoFiles, file)))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length >= 3 && Regex.IsMatch(cells[0], @"^KPL\d{4}$"))
                {
                    yield return new ReleaseEntry(cells[0], cells[1], cells[2]);
                }
            }
        }
    }

    private static string RolesText(KouplelessRole roles)
        => string.Join(", ", new[] { KouplelessRole.Module, KouplelessRole.Shared, KouplelessRole.Base }.Where(r => roles.HasFlag(r)));
}
