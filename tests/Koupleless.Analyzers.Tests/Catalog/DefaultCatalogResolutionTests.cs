using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Koupleless.Analyzers.Tests.Catalog;

/// <summary>
/// Every line of the embedded catalog names a symbol that exists: runtime lines against the .NET 8 reference
/// assemblies, library lines against the real package. A mistyped documentation-comment ID would otherwise be
/// silently inactive (an unresolved line is indistinguishable from a library the project does not reference).
/// </summary>
public sealed class DefaultCatalogResolutionTests
{
    /// <summary>
    /// The libraries the default catalog names, by root namespace, with the references that provide them. A library whose
    /// lines cover several versions with different signatures (Flurl.Http) is in <see cref="LibraryVersions"/>: each of
    /// its lines must resolve in one of them.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Func<Task<ImmutableArray<MetadataReference>>>> Libraries =
        new Dictionary<string, Func<Task<ImmutableArray<MetadataReference>>>>
        {
            ["Newtonsoft.Json"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.FromNuGetCache(TestReferences.NewtonsoftJson)),
            ["Serilog"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.FromNuGetCache(TestReferences.Serilog)),
            ["NLog"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.FromNuGetCache(TestReferences.NLog)),
            ["Dapper"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.FromNuGetCache(TestReferences.Dapper)),
            ["AutoMapper"] = async () => (await ResolveAsync(TestReferences.Net80)).Add(TestReferences.AutoMapper8),
            ["Microsoft.Win32.SystemEvents"] = async () => (await ResolveAsync(TestReferences.Net80)).Add(TestReferences.SystemEvents9),
            ["Microsoft.Extensions.Primitives"] = async () => (await ResolveAsync(TestReferences.Net80)).Add(TestReferences.ExtensionsPrimitives8),
            ["Hangfire"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.Hangfire),
            ["Google.Apis"] = async () => (await ResolveAsync(TestReferences.Net80)).AddRange(TestReferences.GoogleApisCore),
        };

    private static readonly IReadOnlyDictionary<string, ImmutableArray<MetadataReference>[]> LibraryVersions =
        new Dictionary<string, ImmutableArray<MetadataReference>[]>
        {
            ["Flurl.Http"] = new[] { TestReferences.FlurlHttp2, TestReferences.FlurlHttp4 },
        };

    public static TheoryData<string> LibraryNames() => new(Libraries.Keys);

    public static TheoryData<string> MultiVersionLibraryNames() => new(LibraryVersions.Keys);

    private static IEnumerable<CatalogEntry> EmbeddedEntries => CatalogFiles.Embedded.SelectMany(c => c.Entries);

    [Fact]
    public void The_embedded_catalog_parses_without_errors()
    {
        Assert.NotEmpty(EmbeddedEntries);
        var errors = CatalogFiles.Embedded.SelectMany(c => c.Errors).Select(e => $"{e.Source}({e.Line}): {e.Message}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Runtime_lines_resolve_against_the_reference_assemblies()
    {
        var compilation = Compile(await ResolveAsync(TestReferences.Net80));
        var runtimeEntries = EmbeddedEntries.Where(e => LibraryOf(e) is null).ToList();

        Assert.NotEmpty(runtimeEntries);
        AssertAllResolved(runtimeEntries, compilation);
    }

    [Theory]
    [MemberData(nameof(LibraryNames))]
    public async Task Library_lines_resolve_against_the_real_package(string library)
    {
        var entries = EmbeddedEntries.Where(e => LibraryOf(e) == library).ToList();
        Assert.NotEmpty(entries);

        AssertAllResolved(entries, Compile(await Libraries[library]()));

        // Without the package the same lines resolve to nothing: the rule is inactive there, not broken.
        var withoutPackage = Compile(await ResolveAsync(TestReferences.Net80));
        Assert.Equal(entries.Select(Describe), Unresolved(entries, withoutPackage));
    }

    [Theory]
    [MemberData(nameof(MultiVersionLibraryNames))]
    public async Task Lines_of_a_library_resolve_against_one_of_its_real_versions(string library)
    {
        var entries = EmbeddedEntries.Where(e => LibraryOf(e) == library).ToList();
        Assert.NotEmpty(entries);

        var runtime = await ResolveAsync(TestReferences.Net80);
        var versions = LibraryVersions[library].Select(package => Compile(runtime.AddRange(package))).ToList();
        var unresolved = entries.Where(e => versions.All(v => CatalogSymbolIds.Resolve(e.SymbolId, v).IsEmpty)).Select(Describe).ToList();
        Assert.True(unresolved.Count == 0, "No symbol in any version for:\n" + string.Join("\n", unresolved));

        // Each version resolves some lines (none is dead weight), and without the package none resolves.
        Assert.All(versions, v => Assert.Contains(entries, e => !CatalogSymbolIds.Resolve(e.SymbolId, v).IsEmpty));
        Assert.Equal(entries.Select(Describe), Unresolved(entries, Compile(runtime)));
    }

    [Fact]
    public void Every_library_singleton_line_names_a_library_verified_here()
    {
        // KPL1005 lines are library singletons by definition; each must belong to a package checked above.
        var unverified = EmbeddedEntries
            .Where(e => e.RuleId == RuleIds.SharedLibrarySingleton && LibraryOf(e) is null)
            .Select(Describe);
        Assert.Empty(unverified);
    }

    private static string? LibraryOf(CatalogEntry entry)
    {
        var name = entry.SymbolId.Substring(2);
        return Libraries.Keys.Concat(LibraryVersions.Keys).FirstOrDefault(root => name.StartsWith(root + ".", StringComparison.Ordinal));
    }

    private static void AssertAllResolved(IEnumerable<CatalogEntry> entries, Compilation compilation)
    {
        var unresolved = Unresolved(entries, compilation);
        Assert.True(unresolved.Count == 0, "No symbol for:\n" + string.Join("\n", unresolved));
    }

    private static List<string> Unresolved(IEnumerable<CatalogEntry> entries, Compilation compilation)
        => entries
            .Where(e => CatalogSymbolIds.Resolve(e.SymbolId, compilation).IsEmpty)
            .Select(Describe)
            .ToList();

    private static string Describe(CatalogEntry entry) => $"{entry.Source}({entry.Line}): {entry.SymbolId}";

    private static Task<ImmutableArray<MetadataReference>> ResolveAsync(ReferenceAssemblies references)
        => references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);

    private static Compilation Compile(ImmutableArray<MetadataReference> references)
        => CSharpCompilation.Create("CatalogProbe", references: references, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
