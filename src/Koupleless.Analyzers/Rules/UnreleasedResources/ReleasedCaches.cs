using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The KPL3010 caches a module releases on unload, each looked up once per compilation and only when a diagnostic of its
/// kind is about to be reported: System.Text.Json (the adapter's release or a hand-written Unloading handler), TypeDescriptor
/// and Newtonsoft.Json (their adapter releases, measured by the adapters' unload tests).
/// </summary>
internal sealed class ReleasedCaches
{
    private readonly Lazy<bool> _systemTextJson;
    private readonly Lazy<bool> _typeDescriptor;
    private readonly Lazy<bool> _newtonsoft;

    public ReleasedCaches(Compilation compilation, CancellationToken cancellationToken)
    {
        _systemTextJson = new(() => JsonCacheClearingHandler.ExistsIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _typeDescriptor = new(() => PackageRelease.TypeDescriptor.IsCalledIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        _newtonsoft = new(() => PackageRelease.Newtonsoft.IsCalledIn(compilation, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
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
        _ => _systemTextJson.Value && _typeDescriptor.Value && _newtonsoft.Value,
    };
}
