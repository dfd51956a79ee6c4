namespace Koupleless.Analyzers;

/// <summary>
/// Every diagnostic ID the package reports, in one place. The thousands digit is the hazard family
/// (docs/rules and reports group by it): 1 static-state sharing, 2 context switching,
/// 3 unreleased resources, 9 configuration (of the analyzers themselves and of the project's adapter packages).
/// </summary>
public static class RuleIds
{
    // KPL1xxx - static-state sharing
    public const string MutableStaticField = "KPL1001";
    public const string StaticStateWrite = "KPL1002";
    public const string ProcessGlobalStateMutation = "KPL1003";
    public const string ProcessTermination = "KPL1004";
    public const string SharedLibrarySingleton = "KPL1005";

    // KPL2xxx - context switching
    public const string NameBasedResolution = "KPL2001";
    public const string LoadOutsideModuleContext = "KPL2002";
    public const string HostEntryAssemblyOrDirectory = "KPL2003";
    public const string AllAssembliesEnumeration = "KPL2004";
    public const string ExecutionContextDropped = "KPL2005";
    public const string TypeNameHandlingWithoutBinder = "KPL2006";
    public const string NonCollectibleDynamicAssembly = "KPL2007";

    // KPL3xxx - unreleased resources
    public const string UndisposedTimer = "KPL3001";
    public const string UnstoppedThread = "KPL3002";
    public const string GlobalEventSubscription = "KPL3003";
    public const string UnfreedGCHandle = "KPL3004";
    public const string UndisposedListenerRegistration = "KPL3005";
    public const string UnreleasedRuntimeCallback = "KPL3006";
    public const string NonCollectibleLoadContext = "KPL3007";

    // KPL301x - unreleased resources: process-wide caches that keep module types
    public const string ProcessWideTypeCache = "KPL3010";
    public const string DynamicOperation = "KPL3011";

    // KPL9xxx - configuration: of the analyzers themselves, and of the project (its adapter packages)
    public const string MalformedCatalogLine = "KPL9001";
    public const string UnknownRole = "KPL9002";
    public const string MissingAdapterPackage = "KPL9003";
    public const string UnknownModuleHost = "KPL9004";
}
