using System;
using System.Reflection;
using Dapper;

namespace Koupleless.Adapters.Dapper;

/// <summary>
/// What a Dapper shared by the base keeps of a module, released when the module unloads. Measured (ModuleDapperTests):
/// a module that queries into its own row type stays loaded through Dapper's query cache and the type map Dapper
/// caches per row type (purging the query cache alone is not enough); a type handler the module registers for its own
/// type holds it too. Only Dapper's public API is used.
/// </summary>
public static class ModuleDapper
{
    /// <summary>
    /// When <paramref name="moduleAssembly"/>'s context unloads: purges Dapper's query cache (process-wide: the base and
    /// other modules rebuild their entries on next use) and, for every type of <paramref name="moduleAssembly"/>, drops
    /// the cached or custom type map and the type handler. Registers once per context; false when the
    /// context cannot unload (the base's own code). Call it before the module's first query, e.g. in its start-up.
    /// </summary>
    public static bool ReleaseOnUnload(Assembly moduleAssembly)
    {
        if (moduleAssembly is null)
        {
            throw new ArgumentNullException(nameof(moduleAssembly));
        }

        return ModuleUnload.RegisterOnce(moduleAssembly, "Dapper", () => Release(moduleAssembly));
    }

    private static void Release(Assembly moduleAssembly)
    {
        foreach (var type in TypesOf(moduleAssembly))
        {
            // A null map removes the map Dapper cached for a row type (or the module set) and that type's cached queries.
            SqlMapper.SetTypeMap(type, null);
            if (SqlMapper.HasTypeHandler(type))
            {
                // Dapper removes the handler when given none (AddTypeHandlerImpl, which takes a null, is obsolete).
                SqlMapper.AddTypeHandler(type, null!);
            }
        }

        SqlMapper.PurgeQueryCache();
    }

    private static Type[] TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            // The types that did load are the only ones Dapper can have seen.
            return Array.FindAll(partial.Types, type => type is not null)!;
        }
    }
}
