using System;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Koupleless.Adapters.NewtonsoftJson;

/// <summary>
/// Binds the type names of a Newtonsoft.Json payload (<c>TypeNameHandling</c>) to one module's own assembly and to
/// framework assemblies, and refuses every other assembly (the CA2326/CA2327 concern). Measured (DESIGN.md): with
/// Newtonsoft shared by the base, the default binder resolves a name once per process across
/// <c>AppDomain.GetAssemblies()</c>, so copy B of a module received copy A's <c>Widget</c>; this binder resolves in
/// the module's own load context and caches nothing. The KPL2006 code fix uses it when the project references this package.
/// </summary>
public sealed class ModuleSerializationBinder : ISerializationBinder
{
    private readonly Assembly _moduleAssembly;

    /// <param name="moduleAssembly">The module's assembly, usually <c>typeof(SomeModuleType).Assembly</c>.</param>
    public ModuleSerializationBinder(Assembly moduleAssembly)
    {
        _moduleAssembly = moduleAssembly ?? throw new ArgumentNullException(nameof(moduleAssembly));
    }

    /// <inheritdoc />
    public Type BindToType(string? assemblyName, string typeName)
    {
        var qualifiedName = assemblyName is null ? typeName : typeName + ", " + assemblyName;

        // Every assembly the name mentions, generic arguments included, passes through ResolveAssembly.
        return Type.GetType(qualifiedName, ResolveAssembly, ResolveType, throwOnError: true)!;
    }

    /// <inheritdoc />
    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = serializedType.Assembly.FullName;
        typeName = serializedType.FullName;
    }

    private Assembly ResolveAssembly(AssemblyName name)
    {
        if (string.Equals(name.Name, _moduleAssembly.GetName().Name, StringComparison.Ordinal))
        {
            return _moduleAssembly;
        }

        if (!IsFramework(name.Name))
        {
            throw new JsonSerializationException($"Type names from assembly '{name}' are not accepted: only {_moduleAssembly.GetName().Name}'s own and framework types are.");
        }

        // Inside the module's contextual-reflection scope the load falls back from the module's context to the default one.
        using (ModuleCall.Enter(_moduleAssembly))
        {
            return Assembly.Load(name);
        }
    }

    private Type? ResolveType(Assembly? assembly, string name, bool ignoreCase)
        => assembly is not null
            ? assembly.GetType(name, throwOnError: false, ignoreCase)
            : _moduleAssembly.GetType(name, throwOnError: false, ignoreCase) ?? typeof(object).Assembly.GetType(name, throwOnError: false, ignoreCase);

    private static bool IsFramework(string? name)
        => name is "mscorlib" or "netstandard" or "System" || (name is not null && name.StartsWith("System.", StringComparison.Ordinal));
}
