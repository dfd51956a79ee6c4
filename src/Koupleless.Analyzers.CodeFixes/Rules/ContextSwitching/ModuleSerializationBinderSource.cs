namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// The binder the KPL2006 fix nests in a type whose project references neither Koupleless.Adapters.NewtonsoftJson (the
/// planned library adapter, not shipped yet, whose <c>ModuleSerializationBinder(Assembly)</c> the fix would use) nor a
/// type of that name. It binds payload type names
/// against the module's own assembly (measured: a binder over the module's own assembly stops cross-module type
/// confusion when Newtonsoft.Json is shared) and framework assemblies, resolved through the module's own load context so
/// generic arguments naming module types resolve there too; every other assembly is refused (the CA2326/CA2327 concern).
/// </summary>
internal static class ModuleSerializationBinderSource
{
    public const string TypeName = "ModuleSerializationBinder";

    /// <summary>The planned adapter package's binder, constructed with the module's assembly (used once it ships).</summary>
    public const string PackageNamespace = "Koupleless.Adapters.NewtonsoftJson";

    public const string PackageMetadataName = PackageNamespace + "." + TypeName;

    /// <summary>The nested class, at column 0, every name fully qualified so the document needs no new using directive.</summary>
    public const string Nested = """
        /// <summary>
        /// Binds the type names in Newtonsoft.Json payloads (TypeNameHandling) to this module's own assembly and to framework
        /// assemblies, and refuses every other assembly (added by the Koupleless KPL2006 code fix). When the base shares
        /// Newtonsoft.Json it resolves and caches type names once per process, so without this binder a module can receive
        /// another module's type of the same name, or any type the payload names (CA2326/CA2327). Add the module's private
        /// dependencies here if payloads name them.
        /// </summary>
        private sealed class ModuleSerializationBinder : global::Newtonsoft.Json.Serialization.ISerializationBinder
        {
            private static readonly global::System.Reflection.Assembly ModuleAssembly = typeof(ModuleSerializationBinder).Assembly;

            private readonly global::Newtonsoft.Json.Serialization.DefaultSerializationBinder _names = new global::Newtonsoft.Json.Serialization.DefaultSerializationBinder();

            public global::System.Type BindToType(string? assemblyName, string typeName)
            {
                var qualifiedName = assemblyName is null ? typeName : typeName + ", " + assemblyName;

                // Every assembly the name mentions, generic arguments included, goes through ResolveAssembly.
                return global::System.Type.GetType(qualifiedName, ResolveAssembly, ResolveType, throwOnError: true)!;
            }

            public void BindToName(global::System.Type serializedType, out string? assemblyName, out string? typeName)
                => _names.BindToName(serializedType, out assemblyName, out typeName);

            private static global::System.Reflection.Assembly ResolveAssembly(global::System.Reflection.AssemblyName name)
            {
                if (string.Equals(name.Name, ModuleAssembly.GetName().Name, global::System.StringComparison.Ordinal))
                {
                    return ModuleAssembly;
                }

                if (IsFramework(name.Name))
                {
                    // The module's own context falls back to the default one for framework assemblies.
                    return global::System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(ModuleAssembly)!.LoadFromAssemblyName(name);
                }

                throw new global::Newtonsoft.Json.JsonSerializationException("Type names from assembly '" + name + "' are not accepted: only this module's own and framework types are.");
            }

            private static global::System.Type? ResolveType(global::System.Reflection.Assembly? assembly, string name, bool ignoreCase)
                => assembly is not null
                    ? assembly.GetType(name, throwOnError: false, ignoreCase)
                    : ModuleAssembly.GetType(name, throwOnError: false, ignoreCase) ?? typeof(object).Assembly.GetType(name, throwOnError: false, ignoreCase);

            private static bool IsFramework(string? name)
                => name is "mscorlib" or "netstandard" or "System" || (name is not null && name.StartsWith("System.", global::System.StringComparison.Ordinal));
        }
        """;
}
