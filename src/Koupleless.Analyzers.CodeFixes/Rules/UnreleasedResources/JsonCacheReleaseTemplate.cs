namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// The release the KPL3010 fix adds to a module project. Reflection-based System.Text.Json keeps every serialized type in
/// process-wide caches (dotnet/runtime#65323); measured on .NET 10 (DESIGN.md, "Verified at run time" and
/// ProcessWideTypeCacheRuntimeTests), the module unloads once its Unloading handler calls the runtime's hot-reload cache
/// handler. With Koupleless.Adapters the fix calls the package's release before the serializing statement; without it,
/// a nested class whose module initializer registers that handler before any of the module's code runs. Either way the
/// analyzer, seeing the release, stops reporting the project's System.Text.Json calls.
/// </summary>
internal static class JsonCacheReleaseTemplate
{
    public const string TypeName = "JsonCacheRelease";

    /// <summary>The nested class, at column 0, every name fully qualified so the document needs no new using directive.</summary>
    public const string Nested = """
        /// <summary>
        /// Empties System.Text.Json's reflection metadata caches when this module's AssemblyLoadContext unloads (added by the
        /// Koupleless KPL3010 code fix; the Koupleless.Adapters package has the same release). Those caches are static in the
        /// shared System.Text.Json assembly and keep every type serialized by reflection, and with it the module, alive
        /// (dotnet/runtime#65323). The runtime's hot-reload handler, internal and therefore called by reflection, clears them;
        /// other modules only pay for rebuilding their metadata.
        /// </summary>
        internal static class JsonCacheRelease
        {
        #pragma warning disable CA2255 // A module has no other hook that is sure to run before its first serialization.
            [global::System.Runtime.CompilerServices.ModuleInitializer]
        #pragma warning restore CA2255
            internal static void Register()
            {
                var context = global::System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(JsonCacheRelease).Assembly);
                if (context is not null && context.IsCollectible)
                {
                    context.Unloading += ClearCaches;
                }
            }

            private static void ClearCaches(global::System.Runtime.Loader.AssemblyLoadContext context)
            {
                global::System.Type.GetType("System.Text.Json.JsonSerializerOptionsUpdateHandler, System.Text.Json")
                    ?.GetMethod("ClearCache", global::System.Reflection.BindingFlags.Public | global::System.Reflection.BindingFlags.NonPublic | global::System.Reflection.BindingFlags.Static)
                    ?.Invoke(null, new object?[] { null });
            }
        }
        """;
}
