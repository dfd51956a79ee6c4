using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Diagnostics.Runtime;

namespace Koupleless.Testing.Retention;

/// <summary>
/// A breadth-first walk of the heap from every GC root that never enters a module copy: each reference it meets from a
/// base object into a copy's object is one way the copy is held, and the walk's parent links give the shortest chain
/// from a root to that base object. One path per holding object and copy (a list of a thousand module objects is one path).
/// </summary>
internal sealed class RootPathSearch
{
    private const int MaxPaths = 100_000;

    private readonly ClrHeap _heap;
    private readonly ModuleObjects _modules;
    private readonly StaticSlots _statics;
    private readonly ObjectNames _names;
    private readonly Dictionary<ulong, ulong> _parents = new();
    private readonly Dictionary<ulong, ClrRoot> _roots = new();

    public RootPathSearch(ClrHeap heap, ModuleObjects modules, StaticSlots statics, ObjectNames names)
    {
        _heap = heap;
        _modules = modules;
        _statics = statics;
        _names = names;
    }

    /// <summary>How many objects the walk visited (the cost of an explanation grows with it).</summary>
    public int Visited => _parents.Count;

    /// <summary>
    /// Paths that leave a pinned statics array through a slot no static field was read for: the statics were not all
    /// read, so the root a user knows (the static field) is missing from the path. See <see cref="RetentionExplainer"/>.
    /// </summary>
    public int UnnamedStaticSlots { get; private set; }

    public IReadOnlyList<RetentionPath> Run()
    {
        var holders = new List<(ulong Holder, ClrObject Target, string Copy)>();
        var seenHolders = new HashSet<(ulong, string)>();
        var direct = new List<(ClrRoot Root, ClrObject Target, string Copy)>();
        var durable = new Queue<ulong>();
        var stacks = new Queue<ulong>();
        foreach (var root in _heap.EnumerateRoots())
        {
            var value = root.Object;
            if (!value.IsValid)
            {
                continue;
            }

            if (_modules.CopyOf(value) is { } copy)
            {
                // ClrMD surfaces a collectible type's own statics and RuntimeType as "static variable" roots: they live
                // and die with the copy, so they hold nothing. Any other root straight to a module object does (a GC
                // handle, a thread's stack), each its own way of holding the same object.
                if (root.RootKind is not (ClrRootKind.StaticVar or ClrRootKind.ThreadStaticVar))
                {
                    direct.Add((root, value, copy));
                }

                continue;
            }

            // Since .NET 9 the statics of the base's types are slots of pinned arrays held by strong handles (named by
            // StaticSlots); what ClrMD still reports as a "static variable" root are the statics of collectible types and
            // generic instantiations over them (Array.Empty<ModuleType>()): they live and die with the copy.
            if (root.RootKind == ClrRootKind.StaticVar)
            {
                continue;
            }

            if (_roots.TryAdd(value.Address, root))
            {
                _parents[value.Address] = 0;
                (root is ClrStackRoot ? stacks : durable).Enqueue(value.Address);
            }
        }

        // Statics and handles first, stacks after: what a stack reaches only for the moment (the thread that created a
        // timer, a test method's locals) is named by the static or handle that keeps it, when one does.
        Walk(durable, holders, seenHolders);
        Walk(stacks, holders, seenHolders);

        var moduleSteps = direct.Select(d => Finish(d.Copy, DescribeRoot(d.Root), new List<RetentionStep> { new(null, _names.Describe(d.Target) + " [module]") }));
        return RetentionPaths.Condense(moduleSteps.Concat(holders.Select(h => Path(h.Holder, h.Target, h.Copy))));
    }

    /// <summary>Breadth first from the queued objects, never into a copy: each reference into one is a holder.</summary>
    private void Walk(Queue<ulong> queue, List<(ulong Holder, ClrObject Target, string Copy)> holders, HashSet<(ulong, string)> seenHolders)
    {
        while (queue.Count > 0 && holders.Count < MaxPaths)
        {
            var current = _heap.GetObject(queue.Dequeue());
            _names.Note(current);
            foreach (var child in References(current))
            {
                // Not only instances of module types: the copy's LoaderAllocator object (a delegate to a static module
                // method holds it) and typeof(ModuleType) are objects of base types that belong to the copy.
                if (_modules.CopyOf(child) is { } copy)
                {
                    // One path per holding object and copy: a list of a thousand objects of one copy is one path.
                    if (seenHolders.Add((current.Address, copy)))
                    {
                        holders.Add((current.Address, child, copy));
                    }

                    continue;
                }

                if (_parents.TryAdd(child.Address, current.Address))
                {
                    queue.Enqueue(child.Address);
                }
            }
        }
    }

    /// <summary>
    /// The objects <paramref name="holder"/> references, without their field names: naming a field reads the layout of
    /// the holder's type through the DAC, which over the thousands of types of a test process (Roslyn, the test
    /// framework) was nine tenths of an explanation's time. Fields are named only on the paths found (<see cref="Via"/>).
    /// An array's elements are cheap to place, and one kind of element is no reference at all: a slot of the pinned
    /// statics array that is a static of a module type lives and dies with the copy.
    /// </summary>
    private IEnumerable<ClrObject> References(ClrObject holder)
    {
        if (holder.Type?.IsArray != true)
        {
            return holder.EnumerateReferences(carefully: false, considerDependantHandles: true).Where(child => child.Address != 0 && child.IsValid);
        }

        return holder.EnumerateReferencesWithFields(carefully: false, considerDependantHandles: true)
            .Where(reference => reference.Object.Address != 0 && reference.Object.IsValid
                && !(reference.IsArrayElement && _statics.IsOfModuleType(SlotAddress(holder, reference))))
            .Select(reference => reference.Object);
    }

    /// <summary>An element of the pinned statics array is a static field: the slot's address says which.</summary>
    private static ulong SlotAddress(ClrObject holder, ClrReference reference) => holder.Address + (ulong)reference.Offset + (ulong)IntPtr.Size;

    /// <summary>How <paramref name="holderAddress"/> references <paramref name="childAddress"/>: ".field", "static X.Y", "[element]".</summary>
    private string? Via(ulong holderAddress, ulong childAddress)
    {
        var holder = _heap.GetObject(holderAddress);
        var found = holder.EnumerateReferencesWithFields(carefully: false, considerDependantHandles: true)
            .Cast<ClrReference?>()
            .FirstOrDefault(r => r!.Value.Object.Address == childAddress);
        if (found is not { } reference)
        {
            return null;
        }

        if (reference.IsField)
        {
            return "." + ObjectNames.MemberName(reference.Field?.Name ?? "?");
        }

        if (reference.IsArrayElement)
        {
            return _statics.NameOf(SlotAddress(holder, reference)) is { } name ? "static " + name : "[element]";
        }

        return reference.IsDependentHandle ? "(dependent handle)" : "(loader allocator)";
    }

    private RetentionPath Path(ulong holder, ClrObject target, string copy)
    {
        var moduleStep = new RetentionStep(Via(holder, target.Address), _names.Describe(target) + " [module]");
        var chain = new List<(ulong Address, string? Via)>();
        for (var current = holder; ;)
        {
            var parent = _parents[current];
            chain.Insert(0, (current, parent == 0 ? null : Via(parent, current)));
            if (parent == 0)
            {
                break;
            }

            current = parent;
        }

        var steps = chain.Select(link => new RetentionStep(link.Via, _names.Describe(_heap.GetObject(link.Address)))).ToList();
        steps.Add(moduleStep);
        var root = DescribeRoot(_roots[chain[0].Address]);

        // The pinned statics array is runtime plumbing: the static field it was left through is the root a user knows.
        if (steps[1].Via is { } first && first.StartsWith("static ", StringComparison.Ordinal))
        {
            root = "static field " + first["static ".Length..];
            steps.RemoveAt(0);
        }
        else if (IsStaticsArray(chain[0].Address) && steps[1].Via == "[element]")
        {
            UnnamedStaticSlots++;
        }

        return Finish(copy, root, steps);
    }

    /// <summary>An object[] on the pinned object heap held by a strong handle: where .NET 9 and later keep the base's statics.</summary>
    private bool IsStaticsArray(ulong address)
        => _roots.TryGetValue(address, out var root) && root.RootKind == ClrRootKind.StrongHandle
            && _heap.GetObject(address).Type?.Name == "System.Object[]"
            && _heap.GetSegmentByAddress(address)?.Kind == GCSegmentKind.Pinned;

    private RetentionPath Finish(string copy, string root, List<RetentionStep> steps)
    {
        steps[0] = steps[0] with { Via = null };
        var (shape, rule) = HazardShapes.Classify(root, steps.Select(s => s.Object).ToList());
        return new RetentionPath(copy, shape, rule, root, steps);
    }

    private string DescribeRoot(ClrRoot root)
    {
        return root switch
        {
            ClrStackRoot { StackFrame: { } frame } => StackRoot(frame),
            _ => root.RootKind switch
            {
                ClrRootKind.StrongHandle => "GC handle (strong)",
                ClrRootKind.PinnedHandle => "GC handle (pinned)",
                ClrRootKind.AsyncPinnedHandle => "GC handle (async pinned)",
                ClrRootKind.RefCountedHandle => "GC handle (ref-counted)",
                ClrRootKind.SizedRefHandle => "GC handle (sized-ref)",
                ClrRootKind.FinalizerQueue => "finalizer queue",
                ClrRootKind.ThreadStaticVar => "thread-static variable",
                ClrRootKind.StaticVar => "static variable",
                _ => root.RootKind.ToString(),
            },
        };
    }

    private string StackRoot(ClrStackFrame frame)
    {
        var id = frame.Thread?.ManagedThreadId ?? 0;
        var name = _names.NameOfThread(id) is { } known ? $"'{known}'" : $"#{id}";
        var method = frame.Method is { } m ? $"{ObjectNames.TypeName(m.Type)}.{m.Name}" : "native code";
        return $"stack of thread {name} in {method}";
    }
}
