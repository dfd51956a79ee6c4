using System.Reflection;

namespace Koupleless.Adapters.NewtonsoftJson.Tests;

/// <summary>
/// One half of <see cref="ModuleJson.ReleaseOnUnload"/> each, for a test module to register with ModuleUnload (public:
/// the module compiles against this assembly), to prove that neither half alone lets the module unload.
/// </summary>
public static class PartialReleases
{
    public static void NewtonsoftOnly(Assembly moduleAssembly) => NewtonsoftCaches.Remove(moduleAssembly);

    public static void TypeDescriptorOnly(Assembly moduleAssembly) => TypeDescriptorCaches.Remove(moduleAssembly);
}
