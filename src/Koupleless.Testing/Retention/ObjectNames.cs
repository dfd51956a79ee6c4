using System.Collections.Generic;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>Names a heap object the way a user can act on it: a delegate by its method, a thread by its name, typeof(T) by T.</summary>
internal sealed class ObjectNames
{
    private readonly ModuleObjects _modules;
    private readonly Dictionary<int, string> _threadNames = new();

    public ObjectNames(ModuleObjects modules) => _modules = modules;

    public string Describe(ClrObject value)
    {
        var type = value.Type is { } t ? TypeName(t) : "?";
        if (value.IsDelegate && value.AsDelegate().GetDelegateTarget()?.Method is { } method)
        {
            return $"{type} → {TypeName(method.Type)}.{MemberName(method.Name ?? "?")}";
        }

        if (type == "System.RuntimeType" && _modules.RepresentedType(value) is { } represented)
        {
            return $"typeof({TypeName(represented)})";
        }

        if (type == "System.Threading.Thread")
        {
            return $"{type} '{ThreadName(value) ?? "unnamed"}'";
        }

        return IsNonCollectibleLoadContext(value) ? type + " " + NonCollectibleLoadContext : type;
    }

    /// <summary>Marks an AssemblyLoadContext (of any derived type) created non-collectible: the runtime holds it for good (KPL3007).</summary>
    public const string NonCollectibleLoadContext = "[non-collectible load context]";

    /// <summary>Remembers the names of the Thread objects met on the way, to name the stacks that root module objects.</summary>
    public void Note(ClrObject value)
    {
        if (value.Type?.Name == "System.Threading.Thread" && value.TryReadField<int>("_managedThreadId", out var id) && ThreadName(value) is { } name)
        {
            _threadNames[id] = name;
        }
    }

    public string? NameOfThread(int managedThreadId) => _threadNames.TryGetValue(managedThreadId, out var name) ? name : null;

    public static string TypeName(ClrType? type) => type?.Name ?? "?";

    /// <summary>"&lt;Instances&gt;k__BackingField" → "Instances": the member as the source names it.</summary>
    public static string MemberName(string name)
        => name.StartsWith('<') && name.EndsWith(">k__BackingField", System.StringComparison.Ordinal) ? name[1..name.IndexOf('>')] : name;

    private static bool IsNonCollectibleLoadContext(ClrObject value)
    {
        for (var type = value.Type; type is not null; type = type.BaseType)
        {
            if (type.Name == "System.Runtime.Loader.AssemblyLoadContext")
            {
                return value.TryReadField<bool>("_isCollectible", out var collectible) && !collectible;
            }
        }

        return false;
    }

    private static string? ThreadName(ClrObject thread)
        => thread.TryReadStringField("_name", maxLength: null, out var name) ? name : null;
}
