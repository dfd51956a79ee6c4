using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Koupleless.Analyzers.Catalog;
using Koupleless.Analyzers.Flow;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.StaticState;
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

    /// <summary>Diagnostic property naming the adapter package's release of the cache (<see cref="PackageRelease.Key"/>), when one exists.</summary>
    public const string ReleaseProperty = "KouplelessRelease";
    public const string SystemTextJson = "SystemTextJson";
    public const string TypeDescriptor = "TypeDescriptor";
    public const string Newtonsoft = "Newtonsoft";
    public const string DataAnnotations = "DataAnnotations";
    public const string SystemData = "SystemData";

    /// <summary>
    /// Shared and Base code: the documentation-comment IDs of the members a module calls that reach the cache, joined by
    /// <see cref="EntryPointSeparator"/> (for `koupleless scan --emit-catalog`), and the cache in words.
    /// </summary>
    public const string EntryPointsProperty = "KouplelessEntryPoints";
    public const string EntryPointSeparator = ";";
    public const string CacheDescriptionProperty = "KouplelessCacheDescription";

    public const KouplelessRole Roles = KouplelessRole.Module;

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: "Module type is kept by a process-wide serializer or TypeDescriptor cache",
        messageFormat: "'{0}' stores metadata of the module type '{1}' in {2}, which never releases it; the module's AssemblyLoadContext cannot unload: {3}",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: "TypeDescriptor, reflection-based System.Text.Json and Newtonsoft.Json cache metadata per type in static caches of the "
            + "default context. Once a module type is in one of them, the module's collectible AssemblyLoadContext is never collected. "
            + "Use a source-generated JsonSerializerContext, clear System.Text.Json's caches in the module's AssemblyLoadContext.Unloading "
            + "handler, or keep serialized DTOs in a shared library.");

    /// <summary>
    /// The same rule in Shared and Base code (reported by <see cref="StaticState.SharedStaticStateAnalyzer"/>): a member a
    /// module can call hands the module's type — a parameter, its GetType(), a type argument — to one of these caches.
    /// </summary>
    public static readonly DiagnosticDescriptor SharedRule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: Rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "'{0}' stores metadata of the types modules pass to {1} in {2}, which never releases it: a module whose type gets there cannot unload; {3}",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: Rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// The same rule through a wrapper of the module, or a Type an object of the module was built with
    /// (<see cref="TypeCachingWrappers"/>): known once every call is seen.
    /// </summary>
    public static readonly DiagnosticDescriptor WrapperRule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: Rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "'{0}' stores metadata of the module type '{1}', which '{2}' passes here (through this method's parameters or an object it builds), in {3}, which never releases it; the module's AssemblyLoadContext cannot unload: {4}",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: Rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// The same rule in a library of a module (a package a module loads privately, or a class library of its own): a
    /// member the module's other code calls hands the caller's type — a parameter, its GetType(), a type argument — to
    /// one of these caches. Found by the flow of the Shared role (<see cref="StaticState.SharedStaticStateAnalyzer"/>);
    /// sites this analyzer reports otherwise are not repeated.
    /// </summary>
    public static readonly DiagnosticDescriptor LibraryRule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: Rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "'{0}' stores metadata of the types the module's code passes to {1} in {2}, which never releases it; the module's AssemblyLoadContext cannot unload: {3}",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: Rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// The same rule for protoc's generated messages, once per proto enum of the module they reach
    /// (reported by <see cref="GeneratedProtobufMessagesAnalyzer"/>, which looks into generated code).
    /// </summary>
    public static readonly DiagnosticDescriptor GeneratedProtobufRule = RuleDescriptors.Create(
        RuleIds.ProcessWideTypeCache,
        title: Rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        messageFormat: "Generated '{0}' (and {1} other generated member(s)) formats a message that reaches the module's proto enum '{2}' with "
            + "Google.Protobuf's JsonFormatter, whose enum-name table keeps the enum for good; the module's AssemblyLoadContext cannot unload: {3}",
        DiagnosticCategories.UnreleasedResources,
        DiagnosticSeverity.Warning,
        description: Rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule, WrapperRule, LibraryRule);

    /// <summary>
    /// Lets a catalog name library serializers for this rule (rules/KouplelessHazards.UnreleasedResources.txt, "KPL3010").
    /// This analyzer reports them (it finds the module type the call caches), so the generic catalog analyzer never does.
    /// The roles are the rule's (README); the lines themselves are read in Module code only.
    /// </summary>
    public static readonly CatalogRule CatalogEntry = new(Rule, KouplelessRole.All, Applies: static _ => false);

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
        var apis = new TypeCachingApis(compilation, HazardCatalog.For(compilation, context.Options, context.CancellationToken));
        var protobuf = new ProtobufEnumNames(compilation);
        if (!apis.Any && !protobuf.Any)
        {
            return;
        }

        var cancellation = context.CancellationToken;
        var released = new ReleasedCaches(compilation, apis, cancellation);
        var module = ModuleAssemblies.Of(compilation, context.Options);
        var wrappers = new TypeCachingWrappers(compilation.Assembly, module);
        var reported = new ConcurrentDictionary<Location, bool>();
        var uncalled = UncalledMethods.For(compilation, context.Options);
        context.RegisterOperationAction(c => OnInvocation(c, apis, protobuf, released, wrappers, module, uncalled, reported), OperationKind.Invocation);
        context.RegisterOperationAction(c => OnCreation(c, apis, released, wrappers, module, uncalled, reported), OperationKind.ObjectCreation);

        // A library's members are called by the module's other code (its app, or the projects that reference it), so what
        // their callers pass is the module's: the Shared role's flow finds it. An application's members are not called
        // from outside (its helpers are followed to their callers above).
        var flow = compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary ? new StaticStateFlow(new FlowTypes(compilation)) : null;
        if (flow is not null)
        {
            context.RegisterOperationBlockAction(c => SharedStaticStateAnalyzer.CollectFacts(c, flow, flow.Types));
        }

        context.RegisterCompilationEndAction(c =>
        {
            ReportWrappers(c, apis, wrappers, reported);
            if (flow is not null)
            {
                SharedStaticStateReport.ReportCallersTypeCaches(c, flow, reach => reported.ContainsKey(reach.Cache!.Site) || released.Contains(reach.Cache.Cache) || !IsFollowedFromCallers(reach));
            }
        });
    }

    private static void OnInvocation(
        OperationAnalysisContext context, TypeCachingApis apis, ProtobufEnumNames protobuf, ReleasedCaches released, TypeCachingWrappers wrappers,
        ImmutableHashSet<IAssemblySymbol> module, UncalledMethods? uncalled, ConcurrentDictionary<Location, bool> reported)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (protobuf.EnumKeptBy(invocation, module) is { } protoEnum)
        {
            Report(context, invocation, ProtobufEnumNames.Cache, protoEnum, ProtobufEnumNames.Description, ProtobufEnumNames.Remedy, apis, reported);
            return;
        }

        if (apis.CacheOf(invocation, context.CancellationToken) is not { } cache)
        {
            wrappers.AddCallIfPossibleWrapper(invocation, context.ContainingSymbol);
            return;
        }

        var cached = CachedTypeArguments.Of(invocation).FirstOrDefault(t => ModuleTypes.IsDeclaredIn(t, module));
        if (released.Contains(cache))
        {
            return;
        }

        if (cached is null)
        {
            wrappers.AddSiteIfWrapper(invocation, cache, context.ContainingSymbol, context.CancellationToken);
            return;
        }

        if (uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
        {
            return; // code nothing calls in a released assembly
        }

        Report(context, invocation, cache, cached, Describe(cache, apis), ModuleRemedy(cache, apis), apis, reported);
    }

    /// <summary>A constructor that serializes its argument (<c>new BinaryData(widget)</c>), else a possible wrapper's creation.</summary>
    private static void OnCreation(
        OperationAnalysisContext context, TypeCachingApis apis, ReleasedCaches released, TypeCachingWrappers wrappers,
        ImmutableHashSet<IAssemblySymbol> module, UncalledMethods? uncalled, ConcurrentDictionary<Location, bool> reported)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (apis.CacheOf(creation, context.CancellationToken) is not { } cache)
        {
            wrappers.AddCreationIfPossibleWrapper(creation, context.ContainingSymbol);
            return;
        }

        var cached = CachedTypeArguments.Of(creation).FirstOrDefault(t => ModuleTypes.IsDeclaredIn(t, module));
        if (cached is null || released.Contains(cache) || uncalled?.Contains(context.ContainingSymbol, context.CancellationToken) == true)
        {
            return;
        }

        Report(context, creation, creation.Syntax.GetLocation(), "new " + creation.Constructor!.ContainingType.Name, cache, cached,
            Describe(cache, apis), ModuleRemedy(cache, apis), apis, reported);
    }

    /// <summary>The cache's kind, and the adapter release that empties it for the code fix to write.</summary>
    private static ImmutableDictionary<string, string?> Properties(string cache, TypeCachingApis apis)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(CacheProperty, cache);
        var release = PackageRelease.For(cache) ?? (apis.CatalogLineOf(cache) is { } line ? PackageRelease.ForCatalogLine(line) : null);
        return release is null ? properties : properties.Add(ReleaseProperty, release.Key);
    }

    private static void Report(
        OperationAnalysisContext context, IInvocationOperation invocation, string cache, ITypeSymbol cached, string description, string remedy,
        TypeCachingApis apis, ConcurrentDictionary<Location, bool> reported)
    {
        var method = invocation.TargetMethod;
        Report(context, invocation, CallLocation.Of(invocation), method.ContainingType.Name + "." + method.Name, cache, cached, description, remedy, apis, reported);
    }

    /// <summary>One diagnostic for a call or a construction; <paramref name="site"/>'s own span is what the flow's report is checked against.</summary>
    private static void Report(
        OperationAnalysisContext context, IOperation site, Location shown, string api, string cache, ITypeSymbol cached, string description, string remedy,
        TypeCachingApis apis, ConcurrentDictionary<Location, bool> reported)
    {
        reported[site.Syntax.GetLocation()] = true;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            shown,
            Properties(cache, apis),
            api,
            cached.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            description,
            remedy));
    }

    private static void ReportWrappers(CompilationAnalysisContext context, TypeCachingApis apis, TypeCachingWrappers wrappers, ConcurrentDictionary<Location, bool> reported)
    {
        foreach (var reached in wrappers.ReachedWithModuleTypes())
        {
            var site = reached.Site;
            reported[site.Invocation.Syntax.GetLocation()] = true;
            var method = site.Invocation.TargetMethod;
            context.ReportDiagnostic(Diagnostic.Create(
                WrapperRule,
                CallLocation.Of(site.Invocation),
                Properties(site.Cache, apis),
                method.ContainingType.Name + "." + method.Name,
                reached.ModuleType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                CallerName(reached.Caller),
                Describe(site.Cache, apis),
                ModuleRemedy(site.Cache, apis)));
        }
    }

    /// <summary>The caller as C# spells it: <c>Type.Method</c>, and a constructor by its type's name.</summary>
    private static string CallerName(ISymbol caller) => caller switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor, ContainingType: { } type } => type.Name + "." + type.Name,
        { ContainingType: { } type } => type.Name + "." + caller.Name,
        _ => caller.Name,
    };

    /// <summary>
    /// Whether a library's member handing its caller's type to this cache is reported in a module's library. Serializers
    /// are, and so is a DataTable built from the caller's type (morelinq's <c>ToDataTable&lt;T&gt;</c>: a miss on held-out
    /// package set 4, measured); TypeDescriptor and DataAnnotations are not: a library's conversion helpers taking a <c>Type</c> or <c>T</c>
    /// (NpgsqlRange&lt;T&gt;, Elasticsearch's DynamicValue, CodeDomProvider.GetConverter) are called with framework types in
    /// practice — measured on released packages, 6 of 14 such findings were right, against 38 of 47 for serializers
    /// (docs/packages.md). The Shared role still reports them (a shared library's callers are many modules).
    /// </summary>
    private static bool IsSerializer(string cache) => cache is not (TypeDescriptor or DataAnnotations);

    /// <summary>
    /// Serializers, and TypeDescriptor given the caller's object itself (<c>TypeDescriptor.GetProperties(row)</c> on an
    /// object a caller passes: FluentMigrator's <c>Update.Table(..).Set(new { … })</c>, a miss on held-out set 9 measured
    /// to keep the module): an object a module hands over is the module's, unlike a <c>Type</c> or type argument, which
    /// conversion helpers get framework types for. Not when the member the module would call overrides or implements a
    /// framework member: the framework calls it, with objects it chose (System.Drawing's <c>FontConverter.GetProperties</c>,
    /// given a <c>Font</c> by a property grid: labelled wrong on the closure).
    /// </summary>
    private static bool IsFollowedFromCallers(Reach reach)
        => IsSerializer(reach.Cache!.Cache)
            || (reach.Cache.Cache == TypeDescriptor && reach.Cache.ThroughValuesOnly && !FrameworkCallbacks.IsCalledByAnotherAssembly(reach.Entry));

    /// <summary>A library serializer's cache is described by its catalog line: the reason, and the hint as the remedy.</summary>
    private static string Describe(string cache, TypeCachingApis apis)
        => apis.CatalogLineOf(cache) is { } line ? line.Reason : Describe(cache);

    private static string ModuleRemedy(string cache, TypeCachingApis apis)
        => apis.CatalogLineOf(cache) is { } line ? line.Hint ?? CatalogHazardAnalyzer.NoHint : ModuleRemedy(cache);

    /// <summary>What a module can do about its own type in the cache (docs/rules/KPL3010.md, "How to fix").</summary>
    internal static string ModuleRemedy(string cache) => cache switch
    {
        SystemTextJson => "serialize it with a source-generated JsonSerializerContext, or apply the code fix that clears the cache when the module unloads",
        DataAnnotations => "declare the validated type in a shared library, or validate it without DataAnnotations' attribute store",
        TypeDescriptor => "declare the type in a shared library, or read its members with plain reflection instead of TypeDescriptor",
        SystemData => "declare the column's type in a shared library, or give the column a framework type (object, string) and keep the module's values in it",
        _ => "declare the serialized type in a shared library, or serialize it with System.Text.Json and a source-generated context",
    };

    /// <summary>What shared code can do so that modules' types never reach the cache.</summary>
    internal static string SharedRemedy(string cache) => cache switch
    {
        SystemTextJson => "serialize callers' types with a JsonTypeInfo or JsonSerializerContext the caller passes",
        TypeDescriptor => "let callers pass the converter or descriptor, or avoid TypeDescriptor for their types",
        DataAnnotations => "validate callers' objects with validators they pass, or without DataAnnotations' static store",
        SystemData => "give callers' values columns of a framework type (object, string), or let callers build their own tables",
        _ => "let callers pass their own serializer or contract resolver",
    };

    internal static string Describe(string cache) => cache switch
    {
        SystemTextJson => "System.Text.Json's reflection metadata cache (dotnet/runtime#65323)",
        TypeDescriptor => "the TypeDescriptor cache",
        DataAnnotations => "the DataAnnotations attribute store (built on TypeDescriptor)",
        SystemData => "System.Data's per-type storage cache (filled by every DataColumn of that type)",
        _ => "Newtonsoft.Json's contract cache and the TypeDescriptor cache",
    };
}
