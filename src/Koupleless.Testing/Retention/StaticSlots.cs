using System.Collections.Generic;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// The static fields of reference type, by the address of their slot. Since .NET 9 a type's GC statics live in slots of a
/// pinned object[] held by one strong handle, so a path through that array names the static field by the slot it went through.
/// </summary>
internal sealed class StaticSlots
{
    private readonly Dictionary<ulong, (string Name, bool OfCollectibleType)> _bySlot = new();

    public static StaticSlots Read(ClrRuntime runtime)
    {
        var slots = new StaticSlots();
        var domain = runtime.AppDomains.Length > 0 ? runtime.AppDomains[0] : null;
        if (domain is null)
        {
            return slots;
        }

        foreach (var module in runtime.EnumerateModules())
        {
            foreach (var (methodTable, _) in module.EnumerateTypeDefToMethodTableMap())
            {
                if (runtime.Heap.GetTypeByMethodTable(methodTable) is not { } type)
                {
                    continue;
                }

                foreach (var field in type.StaticFields)
                {
                    if (field.IsObjectReference && field.IsInitialized(domain) && field.GetAddress(domain) is var address and not 0)
                    {
                        slots._bySlot[address] = (ObjectNames.TypeName(type) + "." + ObjectNames.MemberName(field.Name ?? "?"), type.IsCollectible);
                    }
                }
            }
        }

        return slots;
    }

    public bool TryGet(ulong slotAddress, out string name, out bool ofCollectibleType)
    {
        var found = _bySlot.TryGetValue(slotAddress, out var slot);
        name = slot.Name;
        ofCollectibleType = slot.OfCollectibleType;
        return found;
    }
}
