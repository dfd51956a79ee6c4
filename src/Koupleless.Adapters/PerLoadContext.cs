using System;
using System.Runtime.CompilerServices;

namespace Koupleless.Adapters;

/// <summary>
/// One value per AssemblyLoadContext instead of one per process, for a static of shared code that modules write (the
/// KPL1001/KPL1002 code fix uses it when the project references this package). The context is
/// <c>AssemblyLoadContext.CurrentContextualReflectionContext</c> (the default context outside any scope), so the base
/// must call into a module inside its contextual-reflection scope (<see cref="ModuleCall.Enter"/>); otherwise every
/// module reads and writes the default context's value. A module's slot is dropped when the module unloads: measured
/// (DESIGN.md, "Verified at run time"), the weak table alone keeps a module loaded when its value is a module object.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class PerLoadContext<T>
{
    private readonly ConditionalWeakTable<object, StrongBox<T>> _slots = new ConditionalWeakTable<object, StrongBox<T>>();
    private readonly Func<T> _initialValue;

    /// <summary>A holder whose value starts as <c>default(T)</c> in every context.</summary>
    public PerLoadContext()
        : this(() => default!)
    {
    }

    /// <param name="initialValue">Called once per load context, the first time that context reads or writes the value.</param>
    public PerLoadContext(Func<T> initialValue)
    {
        _initialValue = initialValue ?? throw new ArgumentNullException(nameof(initialValue));
    }

    /// <summary>The value of the current load context.</summary>
    public T Value
    {
        get => Slot().Value!;
        set => Slot().Value = value;
    }

    private StrongBox<T> Slot() => _slots.GetValue(LoadContexts.Current(), Create);

    private StrongBox<T> Create(object context)
    {
        if (LoadContexts.IsCollectible(context))
        {
            LoadContexts.OnUnloading(context, Forget);
        }

        return new StrongBox<T>(_initialValue());
    }

    private void Forget(object context) => _slots.Remove(context);
}
