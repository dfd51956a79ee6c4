using System;
using System.Reflection;

namespace Sample.Module;

/// <summary>
/// Empties System.Text.Json's type cache that holds the module's types (KPL3010): the runtime's own cache handler (the
/// one hot reload calls, an internal [MetadataUpdateHandler] type, so named in a string), as the KPL3010 code fix does.
/// </summary>
internal static class FrameworkCaches
{
    private static readonly (Assembly Assembly, string Handler)[] Handlers =
    {
        (typeof(System.Text.Json.JsonSerializer).Assembly, "System.Text.Json.JsonSerializerOptionsUpdateHandler"),
    };

    public static void Clear()
    {
        foreach (var (assembly, handler) in Handlers)
        {
            assembly.GetType(handler)?.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.Invoke(null, new object?[] { null });
        }
    }
}
