using System;
using System.Collections.Generic;
using System.Reflection;

namespace Sample.Shared;

/// <summary>
/// Resolves handler types by name for every module. Loaded once by the base, so its statics and its name look-ups
/// run in the default load context.
/// </summary>
public static class TypeRegistry
{
    // One dictionary for the whole process: module A's registrations are visible to module B and keep A's types alive.
    private static readonly Dictionary<string, Type> Handlers = new();

    public static string DefaultTenant = "default";

    public static void Register(string name, Type handlerType) => Handlers[name] = handlerType;

    public static Type? Resolve(string assemblyQualifiedName)
    {
        // From the default context, a module's type name resolves to null unless the base entered the module's
        // contextual-reflection scope.
        return Type.GetType(assemblyQualifiedName, throwOnError: false);
    }

    public static object? CreateHandler(string assemblyName, string typeName)
    {
        var assembly = Assembly.Load(assemblyName);
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return Activator.CreateInstance(type);
    }

    /// <summary>The tenant a handler runs for when the caller names none: the one default every module sees.</summary>
    public static string TenantOr(string? tenant) => tenant ?? DefaultTenant;
}
