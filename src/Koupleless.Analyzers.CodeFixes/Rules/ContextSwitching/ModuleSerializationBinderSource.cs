namespace Koupleless.Analyzers.CodeFixes.Rules.ContextSwitching;

/// <summary>
/// The source of the binder the KPL2006 fix generates once per project. It binds payload type names against the
/// module's own assembly (measured: a binder over the module's own assembly stops cross-module type confusion when
/// Newtonsoft.Json is shared) and framework assemblies, resolved through the module's own load context so generic
/// arguments naming module types resolve there too; every other assembly is refused (the CA2326/CA2327 concern).
/// </summary>
internal static class ModuleSerializationBinderSource
{
    public const string TypeName = "ModuleSerializationBinder";
    public const string FileName = TypeName + ".cs";

    public static string Generate(string? namespaceName, string newLine)
    {
        var indent = namespaceName is null ? string.Empty : "    ";
        var body = Body.Replace("\r\n", "\n").Split('\n');
        var builder = new System.Text.StringBuilder();
        builder.Append("#nullable enable").Append(newLine);
        builder.Append("using System;").Append(newLine);
        builder.Append("using System.Reflection;").Append(newLine);
        builder.Append("using System.Runtime.Loader;").Append(newLine);
        builder.Append("using Newtonsoft.Json;").Append(newLine);
        builder.Append("using Newtonsoft.Json.Serialization;").Append(newLine);
        builder.Append(newLine);
        if (namespaceName is not null)
        {
            builder.Append("namespace ").Append(namespaceName).Append(newLine).Append('{').Append(newLine);
        }

        foreach (var line in body)
        {
            if (line.Length > 0)
            {
                builder.Append(indent).Append(line);
            }

            builder.Append(newLine);
        }

        if (namespaceName is not null)
        {
            builder.Append('}').Append(newLine);
        }

        return builder.ToString();
    }

    private const string Body = """
        /// <summary>
        /// Binds the type names in Newtonsoft.Json payloads (TypeNameHandling) to this module's own assembly and to framework
        /// assemblies, and refuses every other assembly. When the base shares Newtonsoft.Json it resolves and caches type names
        /// once per process, so without this binder a module can receive another module's type of the same name, or any type
        /// the payload names (Koupleless KPL2006; CA2326/CA2327). Add the module's private dependencies here if payloads name them.
        /// </summary>
        internal sealed class ModuleSerializationBinder : ISerializationBinder
        {
            private static readonly Assembly ModuleAssembly = typeof(ModuleSerializationBinder).Assembly;

            private readonly DefaultSerializationBinder _names = new DefaultSerializationBinder();

            public Type BindToType(string? assemblyName, string typeName)
            {
                var qualifiedName = assemblyName is null ? typeName : typeName + ", " + assemblyName;

                // Every assembly the name mentions, generic arguments included, goes through ResolveAssembly.
                return Type.GetType(qualifiedName, ResolveAssembly, ResolveType, throwOnError: true)!;
            }

            public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
                => _names.BindToName(serializedType, out assemblyName, out typeName);

            private static Assembly ResolveAssembly(AssemblyName name)
            {
                if (string.Equals(name.Name, ModuleAssembly.GetName().Name, StringComparison.Ordinal))
                {
                    return ModuleAssembly;
                }

                if (IsFramework(name.Name))
                {
                    // The module's own context falls back to the default one for framework assemblies.
                    return AssemblyLoadContext.GetLoadContext(ModuleAssembly)!.LoadFromAssemblyName(name);
                }

                throw new JsonSerializationException("Type names from assembly '" + name + "' are not accepted: only this module's own and framework types are.");
            }

            private static Type? ResolveType(Assembly? assembly, string name, bool ignoreCase)
                => assembly is not null
                    ? assembly.GetType(name, throwOnError: false, ignoreCase)
                    : ModuleAssembly.GetType(name, throwOnError: false, ignoreCase) ?? typeof(object).Assembly.GetType(name, throwOnError: false, ignoreCase);

            private static bool IsFramework(string? name)
                => name is "mscorlib" or "netstandard" or "System" || (name is not null && name.StartsWith("System.", StringComparison.Ordinal));
        }
        """;
}
