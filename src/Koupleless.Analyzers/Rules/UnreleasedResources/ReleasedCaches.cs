using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The KPL3010 caches a module releases on unload, each looked up once per compilation and only when a diagnostic of its
/// kind is about to be reported: System.Text.Json (the adapter's release or a hand-written Unloading handler), TypeDescriptor
/// and Newtonsoft.Json (their adapter releases, measured by the adapters' unload tests), and Dapper's query cache and type
/// maps, named by the catalog's Dapper lines (Koupleless.Adapters.Dapper's release, measured the same way).
/// </summary>
internal sealed class ReleasedCaches
{
    private readonly Lazy<bool> _systemTextJson;
    private readonly Lazy<bool> _typeDescriptor;
    private readonly Lazy<bool> _newtonsoft;
    private readonly Lazy<bool> _dapper;
    private readonly TypeCachingApis _apis;

    public ReleasedCaches(Compilation compilation, TypeCachingApis apis, CancellationToken cancellationToken)
    {
        _apis = apis;
        _systemTextJson = new(() => JsonCacheClearingHandler.ExistsIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _typeDescriptor = new(() => PackageRelease.TypeDescriptor.IsCalledIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _newtonsoft = new(() => PackageRelease.Newtonsoft.IsCalledIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _dapper = new(() => PackageRelease.Dapper.IsCalledIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Whether the module releases <paramref name="cache"/>. A library serializer's catalog line does not say which
    /// serializer the library runs (Flurl.Http: Newtonsoft.Json up to 3.x, System.Text.Json from 4.0, or one the app
    /// configures), so its cache counts as released only when every kind it could be is.
    /// </summary>
    public bool Contains(string cache) => cache switch
    {
        ProcessWideTypeCacheAnalyzer.SystemTextJson => _systemTextJson.Value,
        ProcessWideTypeCacheAnalyzer.TypeDescriptor => _typeDescriptor.Value,
        ProcessWideTypeCacheAnalyzer.Newtonsoft => _newtonsoft.Value,
        ProcessWideTypeCacheAnalyzer.DataAnnotations => false,
        ProcessWideTypeCacheAnalyzer.SystemData => false,
        _ when IsDapperLine(cache) => _dapper.Value,
        _ => _systemTextJson.Value && _typeDescriptor.Value && _newtonsoft.Value,
    };

    /// <summary>A catalog line of Dapper's own API: its caches are Dapper's, which only Dapper's release empties.</summary>
    private bool IsDapperLine(string cache)
        => _apis.CatalogLineOf(cache) is { } line && PackageRelease.ForCatalogLine(line) == PackageRelease.Dapper;
}
