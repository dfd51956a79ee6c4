using System;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Koupleless.Adapters.NewtonsoftJson;

/// <summary>
/// A module's Newtonsoft.Json settings when the base shares Newtonsoft: settings of its own (never
/// <c>JsonConvert.DefaultSettings</c>, which is one for all modules) that resolve payload type names in the module.
/// </summary>
public static class ModuleJson
{
    /// <summary>
    /// Settings for <paramref name="moduleAssembly"/>'s module: a contract resolver of its own (its contracts go with the
    /// settings, not into the shared default resolver) and a <see cref="ModuleSerializationBinder"/>. Keep one per module
    /// (a static of the module) and pass it to every <c>JsonConvert</c> call. It does not make a module that serialized
    /// its types unloadable: Newtonsoft's and TypeDescriptor's process-wide caches still hold them (docs page).
    /// </summary>
    /// <param name="moduleAssembly">The module's assembly, usually <c>typeof(SomeModuleType).Assembly</c>.</param>
    /// <param name="camelCase">Camel-case property names (what a shared CamelCasePropertyNamesContractResolver gives).</param>
    public static JsonSerializerSettings CreateSettings(Assembly moduleAssembly, bool camelCase = false)
    {
        ReleaseOnUnload(moduleAssembly);
        return new JsonSerializerSettings
        {
            ContractResolver = new DefaultContractResolver { NamingStrategy = camelCase ? new CamelCaseNamingStrategy() : null },
            SerializationBinder = new ModuleSerializationBinder(moduleAssembly),
        };
    }

    /// <summary>
    /// Removes the types of <paramref name="moduleAssembly"/>'s load context from Newtonsoft.Json's and TypeDescriptor's
    /// process-wide caches when that context unloads: without it a module that serialized one of its types through a
    /// shared Newtonsoft never unloads, whatever settings it used. Only the module's entries go. Registers once per
    /// context; false when the context cannot unload (the base's own code).
    /// </summary>
    public static bool ReleaseOnUnload(Assembly moduleAssembly)
    {
        if (moduleAssembly is null)
        {
            throw new ArgumentNullException(nameof(moduleAssembly));
        }

        return ModuleUnload.RegisterOnce(moduleAssembly, "Newtonsoft.Json", () => NewtonsoftCaches.Remove(moduleAssembly))
            && FrameworkCaches.ReleaseTypeDescriptorOnUnload(moduleAssembly);
    }
}
