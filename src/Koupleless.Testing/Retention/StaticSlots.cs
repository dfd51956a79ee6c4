using System;
using System.Collections.Generic;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// The static fields of reference type, by the address of their slot. Since .NET 9 a type's GC statics live in slots of a
/// pinned object[] held by one strong handle, so a path through that array names the static field by the slot it went through.
/// The walk asks for every array element whether it is a static of a module type (those live and die with the copy):
/// that needs only the collectible modules' types, read up front. The names of the base's statics are needed only for
/// the few paths found, and reading every type of every module is the costliest part of an explanation in a process
/// that loaded Roslyn or ASP.NET: they are read on first need.
/// </summary>
internal sealed class StaticSlots
{
    private readonly ClrRuntime _runtime;
    private readonly Dictionary<ulong, string> _ofModuleTypes;
    private readonly Lazy<Dictionary<ulong, string>> _ofSharedTypes;

    private StaticSlots(ClrRuntime runtime)
    {
        _runtime = runtime;
        _ofModuleTypes = Read(collectible: true);
        _ofSharedTypes = new Lazy<Dictionary<ulong, string>>(() => Read(collectible: false));
    }

    public static StaticSlots Read(ClrRuntime runtime) => new(runtime);

    public bool IsOfModuleType(ulong slotAddress) => _ofModuleTypes.ContainsKey(slotAddress);

    public string? NameOf(ulong slotAddress)
        => _ofModuleTypes.TryGetValue(slotAddress, out var name) || _ofSharedTypes.Value.TryGetValue(slotAddress, out name) ? name : null;

    private Dictionary<ulong, string> Read(bool collectible)
    {
        var slots = new Dictionary<ulong, string>();
        var domain = _runtime.AppDomains.Length > 0 ? _runtime.AppDomains[0] : null;
        if (domain is null)
        {
            return slots;
        }

        foreach (var module in _runtime.EnumerateModules())
        {
            foreach (var (methodTable, _) in module.EnumerateTypeDefToMethodTableMap())
            {
                if (_runtime.Heap.GetTypeByMethodTable(methodTable) is not { } type)
                {
                    continue;
                }

                // A module is collectible as a whole: its first type answers for the rest.
                if (type.IsCollectible != collectible)
                {
                    break;
                }

                foreach (var field in type.StaticFields)
                {
                    if (field.IsObjectReference && field.IsInitialized(domain) && field.GetAddress(domain) is var address and not 0)
                    {
                        slots[address] = ObjectNames.TypeName(type) + "." + ObjectNames.MemberName(field.Name ?? "?");
                    }
                }
            }
        }

        return slots;
    }
}
