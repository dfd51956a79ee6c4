namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// The helper the KPL3010 fix adds once to a module project. Reflection-based System.Text.Json keeps every serialized
/// type in process-wide caches (dotnet/runtime#65323); measured on .NET 10 (DESIGN.md, "Verified at run time" and
/// ProcessWideTypeCacheRuntimeTests), the module unloads once its Unloading handler calls the runtime's hot-reload cache
/// handler. A module initializer registers that handler before any of the module's code runs, so no call site changes,
/// and the analyzer, seeing the handler, stops reporting the project's System.Text.Json calls.
/// </summary>
internal static class JsonCacheReleaseTemplate
{
    public const string FileName = "JsonCacheRelease.cs";

    public const string MetadataName = "Koupleless.Adapters.JsonCacheRelease";

    public const string Source = """
        #nullable enable
        using System;
        using System.Reflection;
        using System.Runtime.CompilerServices;
        using System.Runtime.Loader;

        namespace Koupleless.Adapters
        {
            /// <summary>
            /// Empties System.Text.Json's reflection metadata caches when this module's AssemblyLoadContext unloads (added by the
            /// Koupleless KPL3010 code fix). Those caches are static in the shared System.Text.Json assembly and keep every type
            /// serialized by reflection, and with it the module, alive (dotnet/runtime#65323). The runtime's hot-reload handler,
            /// internal and therefore called by reflection, clears them; other modules only pay for rebuilding their metadata.
            /// </summary>
            internal static class JsonCacheRelease
            {
        #pragma warning disable CA2255 // A module has no other hook that is sure to run before its first serialization.
                [ModuleInitializer]
        #pragma warning restore CA2255
                internal static void Register()
                {
                    var context = AssemblyLoadContext.GetLoadContext(typeof(JsonCacheRelease).Assembly);
                    if (context is not null && context.IsCollectible)
                    {
                        context.Unloading += ClearCaches;
                    }
                }

                private static void ClearCaches(AssemblyLoadContext context)
                {
                    Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")
                        ?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                        ?.Invoke(null, new object?[] { null });
                }
            }
        }

        """;
}
