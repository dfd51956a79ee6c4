using System;
using System.Linq;
using System.Reflection;
using System.Threading;

namespace Koupleless.Testing.Loading;

/// <summary>
/// An entry named "Namespace.Type.Method" (or "Namespace.Type::Method"), found in one copy and called the way a base
/// calls a module: an instance method on a new instance (public parameterless constructor), its parameters filled from
/// the arguments given, else the base's shutdown token for a <see cref="CancellationToken"/> and the default value.
/// </summary>
internal static class EntryMethod
{
    public static object? Invoke(Assembly module, string entry, object?[] arguments, CancellationToken baseShutdown)
    {
        var (typeName, methodName) = Split(entry);
        var type = module.GetType(typeName, throwOnError: false)
            ?? throw new ArgumentException($"Entry '{entry}': no type '{typeName}' in {module.GetName().Name}.", nameof(entry));
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name == methodName && !m.IsGenericMethodDefinition)
            .OrderBy(m => m.GetParameters().Length == arguments.Length ? 0 : 1)
            .FirstOrDefault()
            ?? throw new ArgumentException($"Entry '{entry}': {typeName} has no method '{methodName}'.", nameof(entry));

        var parameters = method.GetParameters();
        var values = parameters.Select((p, i) => i < arguments.Length ? arguments[i] : DefaultFor(p.ParameterType, baseShutdown)).ToArray();
        var target = method.IsStatic ? null : Activator.CreateInstance(type, nonPublic: true);
        try
        {
            return method.Invoke(target, values);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The assembly's own entry point (Main), for a module that is an executable.</summary>
    public static string? OfAssembly(Assembly module)
        => module.EntryPoint is { DeclaringType: { } type } main ? type.FullName + "." + main.Name : null;

    private static (string Type, string Method) Split(string entry)
    {
        var separator = entry.Contains("::", StringComparison.Ordinal) ? entry.LastIndexOf("::", StringComparison.Ordinal) : entry.LastIndexOf('.');
        var skip = entry.Contains("::", StringComparison.Ordinal) ? 2 : 1;
        if (separator <= 0 || separator + skip >= entry.Length)
        {
            throw new ArgumentException($"Entry '{entry}' is not of the form Namespace.Type.Method.", nameof(entry));
        }

        return (entry[..separator], entry[(separator + skip)..]);
    }

    private static object? DefaultFor(Type type, CancellationToken baseShutdown)
    {
        if (type == typeof(CancellationToken))
        {
            return baseShutdown;
        }

        if (type == typeof(string[]))
        {
            return Array.Empty<string>();
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
