using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Which heap objects belong to a retained copy: its LoaderAllocator object, instances of its types (generic
/// instantiations over them included: they share its LoaderAllocator) and the RuntimeType objects of its types.
/// </summary>
internal sealed class ModuleObjects
{
    private readonly ClrHeap _heap;
    private readonly Dictionary<ulong, string> _copyByAllocatorObject;

    private ModuleObjects(ClrHeap heap, Dictionary<ulong, string> copyByAllocatorObject)
    {
        _heap = heap;
        _copyByAllocatorObject = copyByAllocatorObject;
    }

    public bool IsEmpty => _copyByAllocatorObject.Count == 0;

    /// <summary>
    /// Finds each copy's managed LoaderAllocator: from the modules whose native LoaderAllocator is the copy's, or, when
    /// that is unknown, from the collectible modules loaded from the module's file.
    /// </summary>
    public static ModuleObjects Find(ClrRuntime runtime, string modulePath, IReadOnlyList<CopyIdentity> copies)
    {
        var byAllocatorObject = new Dictionary<ulong, string>();
        var fileName = Path.GetFileName(modulePath);
        foreach (var module in runtime.EnumerateModules())
        {
            var copy = copies.FirstOrDefault(c => c.LoaderAllocator != 0 && c.LoaderAllocator == module.LoaderAllocator)
                ?? (copies.All(c => c.LoaderAllocator == 0) && string.Equals(Path.GetFileName(module.Name), fileName, StringComparison.OrdinalIgnoreCase)
                    ? new CopyIdentity(string.Join(" or ", copies.Select(c => c.Name)), 0)
                    : null);
            if (copy is null)
            {
                continue;
            }

            foreach (var (methodTable, _) in module.EnumerateTypeDefToMethodTableMap())
            {
                if (runtime.Heap.GetTypeByMethodTable(methodTable) is { IsCollectible: true } type
                    && runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle) is var allocator and not 0)
                {
                    byAllocatorObject[allocator] = copy.Name;
                    break;
                }
            }
        }

        return new ModuleObjects(runtime.Heap, byAllocatorObject);
    }

    /// <summary>The copy <paramref name="value"/> belongs to, or null for an object of the base.</summary>
    public string? CopyOf(ClrObject value)
    {
        if (value.Type is not { } type)
        {
            return null;
        }

        if (_copyByAllocatorObject.TryGetValue(value.Address, out var allocatorCopy))
        {
            return allocatorCopy;
        }

        if (type.IsCollectible)
        {
            return CopyOfType(type);
        }

        // typeof(ModuleType): the RuntimeType object is the base's type, the type it stands for is the module's.
        return type.Name == "System.RuntimeType" && RepresentedType(value) is { IsCollectible: true } represented ? CopyOfType(represented) : null;
    }

    public ClrType? RepresentedType(ClrObject runtimeType)
        => runtimeType.TryReadField<ulong>("m_handle", out var methodTable) && methodTable != 0 ? _heap.GetTypeByMethodTable(methodTable) : null;

    private string? CopyOfType(ClrType type)
    {
        var allocator = _heap.Runtime.DataTarget.DataReader.ReadPointer(type.LoaderAllocatorHandle);
        return _copyByAllocatorObject.TryGetValue(allocator, out var copy) ? copy : null;
    }
}
