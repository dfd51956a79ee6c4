using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3010: module code hands one of its own types to a cache that lives in the default context for the life of the
/// process, which keeps the module's AssemblyLoadContext from unloading (DESIGN.md, "Verified at run time"):
/// <c>TypeDescriptor.Get*</c>/<c>Add*</c>, reflection-based System.Text.Json (dotnet/runtime#65323; also through
/// System.Net.Http.Json), and Newtonsoft.Json,
/// shared or private (it goes through TypeDescriptor; JamesNK/Newtonsoft.Json#2253). Not reported (measured to unload):
/// System.Text.Json with the module's source-generated context, reflection-based System.Text.Json when the module
/// clears the caches in its Unloading handler, XmlSerializer, and serializing framework types only.
/// Module role only: types declared in a Shared or Base project live in the default context and never unload.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessWideTypeCacheAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Which cache a diagnostic is about; the code fix only handles <see cref="SystemTextJson"/>.</summary>
    public const string CacheProperty = "KouplelessCache";
    public const string SystemTextJson = "SystemTextJson";
    public const string TypeDescriptor = "TypeDescriptor";
    public const string Newtonsoft = "Newtonsoft";

    public const KouplelessRole Roles = KouplelessRole.Module;

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: "Module type is kept by a process-wide serializer or TypeDescriptor cache",
        messageFormat: "'{0}' stores metadata of the module type '{1}' in {2}, which never releases it; the module's AssemblyLoadContext cannot unload",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "TypeDescriptor, reflection-based System.Text.Json and Newtonsoft.Json cache metadata per type in static caches of the "
            + "default context. Once a module type is in one of them, the module's collectible AssemblyLoadContext is never collected. "
            + "Use a source-generated JsonSerializerContext, clear System.Text.Json's caches in the module's AssemblyLoadContext.Unloading "
            + "handler, or keep serialized DTOs in a shared library.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if ((RoleReader.Read(context.Options) & Roles) == 0)
        {
            return;
        }

        var compilation = context.Compilation;
        var apis = new CachingApis(compilation);
        if (!apis.Any)
        {
            return;
        }

        var cancellation = context.CancellationToken;
        var clearsJsonCaches = new Lazy<bool>(() => JsonCacheClearingHandler.ExistsIn(compilation, cancellation), LazyThreadSafetyMode.ExecutionAndPublication);
        context.RegisterOperationAction(c => OnInvocation(c, apis, clearsJsonCaches), OperationKind.Invocation);
    }

    private static void OnInvocation(OperationAnalysisContext context, CachingApis apis, Lazy<bool> clearsJsonCaches)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (apis.CacheOf(invocation, context.CancellationToken) is not { } cache)
        {
            return;
        }

        var module = context.Compilation.Assembly;
        var cached = CachedTypeArguments.Of(invocation).FirstOrDefault(t => ModuleTypes.IsDeclaredIn(t, module));
        if (cached is null || (cache == SystemTextJson && clearsJsonCaches.Value))
        {
            return;
        }

        var method = invocation.TargetMethod;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(CacheProperty, cache),
            method.ContainingType.Name + "." + method.Name,
            cached.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            Describe(cache)));
    }

    private static string Describe(string cache) => cache switch
    {
        SystemTextJson => "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)",
        TypeDescriptor => "the TypeDescriptor cache",
        _ => "Newtonsoft.Json's contract cache and the TypeDescriptor cache",
    };

    /// <summary>The caching APIs the compilation references, resolved once.</summary>
    private sealed class CachingApis
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
        private readonly INamedTypeSymbol? _newtonsoftConvert;
        private readonly INamedTypeSymbol? _newtonsoftSerializer;
        private readonly INamedTypeSymbol? _newtonsoftToken;

        public CachingApis(Compilation compilation)
        {
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
            _typeDescriptor = compilation.GetTypeByMetadataName("System.ComponentModel.TypeDescriptor");
            _newtonsoftConvert = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonConvert");
            _newtonsoftSerializer = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonSerializer");
            _newtonsoftToken = compilation.GetTypeByMetadataName("Newtonsoft.Json.Linq.JToken");
        }

        public bool Any => _stjSerializer is not null || _typeDescriptor is not null || _newtonsoftConvert is not null;

        public string? CacheOf(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType?.OriginalDefinition;
            if (type is null)
            {
                return null;
            }

            if (Is(type, _stjSerializer))
            {
                return IsSerialization(method.Name) && UsesReflectionMetadata(invocation, cancellationToken) ? SystemTextJson : null;
            }

            // System.Net.Http.Json serializes through JsonSerializer with the web defaults when given no options.
            if (Is(type, _httpClientJson) || Is(type, _httpContentJson) || (Is(type, _jsonContent) && method.Name == "Create"))
            {
                return UsesReflectionMetadata(invocation, cancellationToken) ? SystemTextJson : null;
            }

            if (Is(type, _typeDescriptor))
            {
                // Get* fills the per-type descriptor cache; Add* stores providers and attributes per type or instance.
                return method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name.StartsWith("Add", StringComparison.Ordinal)
                    ? TypeDescriptor
                    : null;
            }

            if (Is(type, _newtonsoftConvert))
            {
                return method.Name is "SerializeObject" or "DeserializeObject" or "DeserializeAnonymousType" or "PopulateObject" ? Newtonsoft : null;
            }

            if (DerivesFrom(type, _newtonsoftSerializer))
            {
                return method.Name is "Serialize" or "Deserialize" or "Populate" ? Newtonsoft : null;
            }

            return DerivesFrom(type, _newtonsoftToken) && method.Name is "FromObject" or "ToObject" ? Newtonsoft : null;
        }

        private static bool IsSerialization(string name)
            => name.StartsWith("Serialize", StringComparison.Ordinal) || name.StartsWith("Deserialize", StringComparison.Ordinal);

        /// <summary>No JsonTypeInfo or JsonSerializerContext argument, and options that resolve metadata by reflection.</summary>
        private bool UsesReflectionMetadata(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            foreach (var parameter in invocation.TargetMethod.Parameters)
            {
                if (DerivesFrom(parameter.Type.OriginalDefinition, _stjTypeInfo) || DerivesFrom(parameter.Type, _stjContext))
                {
                    return false;
                }
            }

            var options = invocation.Arguments.FirstOrDefault(a => Is(a.Parameter?.Type, _stjOptionsType));
            return _stjOptions is not null && _stjOptions.Classify(options?.Value, cancellationToken) == JsonMetadataSource.Reflection;
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
            => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

        private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            for (var current = type; current is not null && expected is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
