using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The framework APIs that cache metadata per type for the life of the process (KPL3010), resolved once per
/// compilation: TypeDescriptor, reflection-based System.Text.Json (also through System.Net.Http.Json), Newtonsoft.Json,
/// DataAnnotations' validator and System.Data's column types. Used by the Module role's call-site rule and by the Shared role's flow (<see cref="Flow.StaticStateFlow"/>).
/// Libraries that serialize the caller's values with one of them (an HTTP client's <c>PostJsonAsync(object)</c>) are
/// catalog lines of KPL3010, given to the Module role's rule only: their cache is the line's reason.
/// </summary>
internal sealed class TypeCachingApis
{
    private readonly INamedTypeSymbol? _stjSerializer;
    private readonly INamedTypeSymbol? _stjTypeInfo;
    private readonly INamedTypeSymbol? _stjContext;
    private readonly JsonOptionsOrigin? _stjOptions;
    private readonly INamedTypeSymbol? _stjOptionsType;
    private readonly INamedTypeSymbol? _httpClientJson;
    private readonly INamedTypeSymbol? _httpContentJson;
    private readonly INamedTypeSymbol? _jsonContent;
    private readonly INamedTypeSymbol? _typeDescriptor;
    private readonly INamedTypeSymbol? _binaryData;
    private readonly INamedTypeSymbol? _validator;
    private readonly INamedTypeSymbol? _dataColumns;
    private readonly INamedTypeSymbol? _newtonsoftConvert;
    private readonly INamedTypeSymbol? _newtonsoftSerializer;
    private readonly INamedTypeSymbol? _newtonsoftToken;
    private readonly HazardCatalog? _catalog;
    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentDictionary<string, CatalogEntry> _catalogCaches = new(StringComparer.Ordinal);

    /// <summary>The cache of a KPL3010 catalog line starts with this, followed by the line's source and number.</summary>
    private const string CatalogCachePrefix = "Catalog:";

    public TypeCachingApis(Compilation compilation, HazardCatalog? catalog = null)
    {
        _catalog = catalog is { } lines && lines.HasRule(RuleIds.ProcessWideTypeCache) ? lines : null;
        _assembly = compilation.Assembly;
        _stjSerializer = compilation.GetTypeByMetadataName("System.Text.Json.JsonSerializer");
        _stjTypeInfo = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.Metadata.JsonTypeInfo");
        _stjContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        _stjOptionsType = compilation.GetTypeByMetadataName("System.Text.Json.JsonSerializerOptions");
        _stjOptions = _stjOptionsType is null ? null : new JsonOptionsOrigin(
            _stjOptionsType,
            _stjContext,
            compilation.GetTypeByMetadataName("System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver"));
        _httpClientJson = compilation.GetTypeByMetadataName("System.Net.Http.Json.HttpClientJsonExtensions");
        _httpContentJson = compilation.GetTypeByMetadataName("System.Net.Http.Json.HttpContentJsonExtensions");
        _jsonContent = compilation.GetTypeByMetadataName("System.Net.Http.Json.JsonContent");
        _binaryData = compilation.GetTypeByMetadataName("System.BinaryData");
        _typeDescriptor = compilation.GetTypeByMetadataName("System.ComponentModel.TypeDescriptor");
        _validator = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Validator");
        _dataColumns = compilation.GetTypeByMetadataName("System.Data.DataColumnCollection");
        _newtonsoftConvert = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonConvert");
        _newtonsoftSerializer = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonSerializer");
        _newtonsoftToken = compilation.GetTypeByMetadataName("Newtonsoft.Json.Linq.JToken");
    }

    public bool Any => _stjSerializer is not null || _typeDescriptor is not null || _newtonsoftConvert is not null || _validator is not null || _dataColumns is not null || _catalog is not null;

    /// <summary>The catalog line behind a cache that <see cref="CacheOf"/> named after one; null for the built-in caches.</summary>
    public CatalogEntry? CatalogLineOf(string cache)
        => cache.StartsWith(CatalogCachePrefix, StringComparison.Ordinal) && _catalogCaches.TryGetValue(cache, out var entry) ? entry : null;

    /// <param name="unknownIsReflection">
    /// True in shared code: options whose resolver cannot be seen still resolve the caller's type by reflection,
    /// since a shared library has no source-generated metadata for a module's types (the caller passing its own
    /// options or JsonTypeInfo is told apart by the flow, which sees where they come from).
    /// </param>
    public string? CacheOf(IInvocationOperation invocation, CancellationToken cancellationToken, bool unknownIsReflection = false)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        if (Is(type, _stjSerializer))
        {
            return IsSerialization(method.Name) && UsesReflectionMetadata(invocation, cancellationToken, unknownIsReflection) ? ProcessWideTypeCacheAnalyzer.SystemTextJson : null;
        }

        // Asking reflection-based options for a type's metadata builds and caches what a serializer call would
        // (measured: ProcessWideTypeCacheRuntimeTests). Only options shown to hold the reflection resolver count: a fresh
        // instance has none until a serializer call fills it in (GetTypeInfo on it throws), and options the call does not
        // show usually carry a custom resolver — why a library asks for metadata itself (StreamJsonRpc's PolyType
        // formatter: held-out set 8).
        if (Is(type, _stjOptionsType))
        {
            return method.Name is "GetTypeInfo" or "TryGetTypeInfo" && OptionsSource(invocation, cancellationToken) == JsonMetadataSource.Reflection
                ? ProcessWideTypeCacheAnalyzer.SystemTextJson
                : null;
        }

        // System.Net.Http.Json serializes through JsonSerializer with the web defaults when given no options.
        if (Is(type, _httpClientJson) || Is(type, _httpContentJson) || (Is(type, _jsonContent) && method.Name == "Create"))
        {
            return UsesReflectionMetadata(invocation, cancellationToken, unknownIsReflection) ? ProcessWideTypeCacheAnalyzer.SystemTextJson : null;
        }

        // BinaryData's JSON members (the Azure SDK's payloads: System.Memory.Data) call JsonSerializer with the options
        // they are given, the serializer's defaults when none.
        if (Is(type, _binaryData))
        {
            return method.Name is "FromObjectAsJson" or "ToObjectFromJson" && UsesReflectionMetadata(invocation, cancellationToken, unknownIsReflection)
                ? ProcessWideTypeCacheAnalyzer.SystemTextJson
                : null;
        }

        if (Is(type, _typeDescriptor))
        {
            // Get* fills the per-type descriptor cache; Add* stores providers and attributes per type or instance.
            return method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name.StartsWith("Add", StringComparison.Ordinal)
                ? ProcessWideTypeCacheAnalyzer.TypeDescriptor
                : null;
        }

        // DataAnnotations' attribute store keeps every validated type (measured: module and shared callers alike).
        if (Is(type, _validator))
        {
            return method.Name is "TryValidateObject" or "ValidateObject" or "TryValidateProperty" or "ValidateProperty"
                ? ProcessWideTypeCacheAnalyzer.DataAnnotations
                : null;
        }

        // System.Data keeps a column's data type in a static cache of its storage classes (measured: a module with a
        // column of its own type stays loaded; DataColumnTypeRuntimeTests).
        if (Is(type, _dataColumns))
        {
            return method.Name == "Add" && method.Parameters.Any(p => p.Type is { Name: "Type", ContainingNamespace.Name: "System" })
                ? ProcessWideTypeCacheAnalyzer.SystemData
                : null;
        }

        if (Is(type, _newtonsoftConvert))
        {
            return method.Name is "SerializeObject" or "DeserializeObject" or "DeserializeAnonymousType" or "PopulateObject" ? ProcessWideTypeCacheAnalyzer.Newtonsoft : null;
        }

        if (TypeHierarchy.IsOrDerivesFrom(type, _newtonsoftSerializer))
        {
            return method.Name is "Serialize" or "Deserialize" or "Populate" ? ProcessWideTypeCacheAnalyzer.Newtonsoft : null;
        }

        if (TypeHierarchy.IsOrDerivesFrom(type, _newtonsoftToken))
        {
            return method.Name is "FromObject" or "ToObject" ? ProcessWideTypeCacheAnalyzer.Newtonsoft : null;
        }

        return CatalogCacheOf(method);
    }

    /// <summary>
    /// The cache a constructor fills: <c>new BinaryData(value, options, type)</c> serializes the value with System.Text.Json
    /// as <c>BinaryData.FromObjectAsJson</c> does (reflection-based with no options or the defaults); not the overload
    /// given a <c>JsonSerializerContext</c>.
    /// </summary>
    public string? CacheOf(IObjectCreationOperation creation, CancellationToken cancellationToken, bool unknownIsReflection = false)
        => creation.Constructor is { } constructor && Is(constructor.ContainingType, _binaryData)
            && constructor.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Object)
            && UsesReflectionMetadata(constructor, creation.Arguments, null, cancellationToken, unknownIsReflection)
                ? ProcessWideTypeCacheAnalyzer.SystemTextJson
                : null;

    /// <summary>
    /// A library serializer listed by a KPL3010 catalog line (the first line that lists it). The library's own calls of
    /// it are not a module's use: they pass on what their caller gave them (followed by the wrapper rule, if anything).
    /// </summary>
    private string? CatalogCacheOf(IMethodSymbol method)
    {
        if (_catalog is null || SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly))
        {
            return null;
        }

        foreach (var entry in _catalog.EntriesFor(method))
        {
            if (entry.RuleId == RuleIds.ProcessWideTypeCache)
            {
                var cache = CatalogCachePrefix + entry.Source + "(" + entry.Line + ")";
                _catalogCaches.TryAdd(cache, entry);
                return cache;
            }
        }

        return null;
    }

    private static bool IsSerialization(string name)
        => name.StartsWith("Serialize", StringComparison.Ordinal) || name.StartsWith("Deserialize", StringComparison.Ordinal);

    /// <summary>No JsonTypeInfo or JsonSerializerContext argument, and options that resolve metadata by reflection.</summary>
    private bool UsesReflectionMetadata(IInvocationOperation invocation, CancellationToken cancellationToken, bool unknownIsReflection)
        => UsesReflectionMetadata(invocation.TargetMethod, invocation.Arguments, invocation.Instance, cancellationToken, unknownIsReflection);

    private bool UsesReflectionMetadata(
        IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IOperation? instance, CancellationToken cancellationToken, bool unknownIsReflection)
    {
        foreach (var parameter in method.Parameters)
        {
            if (TypeHierarchy.IsOrDerivesFrom(parameter.Type.OriginalDefinition, _stjTypeInfo) || TypeHierarchy.IsOrDerivesFrom(parameter.Type, _stjContext))
            {
                return false;
            }
        }

        var source = OptionsSource(arguments, instance, cancellationToken);
        return source is JsonMetadataSource.Reflection or JsonMetadataSource.ReflectionOnceUsed || (unknownIsReflection && source == JsonMetadataSource.Unknown);
    }

    /// <summary>How the options of the call resolve metadata: an options argument, or the instance asked for metadata.</summary>
    private JsonMetadataSource? OptionsSource(IInvocationOperation invocation, CancellationToken cancellationToken)
        => OptionsSource(invocation.Arguments, invocation.Instance, cancellationToken);

    private JsonMetadataSource? OptionsSource(ImmutableArray<IArgumentOperation> arguments, IOperation? instance, CancellationToken cancellationToken)
    {
        var options = arguments.FirstOrDefault(a => Is(a.Parameter?.Type, _stjOptionsType))?.Value
            ?? (Is(instance?.Type, _stjOptionsType) ? instance : null);
        return _stjOptions?.Classify(options, cancellationToken);
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
