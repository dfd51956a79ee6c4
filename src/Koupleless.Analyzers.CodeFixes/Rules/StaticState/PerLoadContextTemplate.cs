namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// The per-load-context holder the KPL1001/KPL1002 fix adds once to a project (BCL only). Its shape follows the
/// measured facts in DESIGN.md: keyed by the contextual-reflection context (which the base must enter around calls
/// into a module), and the slot dropped in that context's Unloading event, because the weak table alone kept a
/// module whose value was a module object loaded.
/// </summary>
internal static class PerLoadContextTemplate
{
    public const string FileName = "PerLoadContext.cs";

    public const string Source = """
        #nullable enable
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.Loader;

        namespace Koupleless.Adapters
        {
            /// <summary>
            /// One value per AssemblyLoadContext instead of one per process (added by the Koupleless KPL1001/KPL1002 code fix).
            /// The context is AssemblyLoadContext.CurrentContextualReflectionContext: the base must call into a module inside
            /// <c>using (AssemblyLoadContext.EnterContextualReflection(moduleAssembly))</c>, otherwise every module reads and
            /// writes the default context's value. A module's slot is dropped when the module unloads, so a value that
            /// references module objects never keeps the module loaded.
            /// </summary>
            internal sealed class PerLoadContext<T>
            {
                private readonly ConditionalWeakTable<AssemblyLoadContext, StrongBox<T>> _slots = new ConditionalWeakTable<AssemblyLoadContext, StrongBox<T>>();
                private readonly Func<T> _initialValue;

                public PerLoadContext()
                    : this(() => default!)
                {
                }

                /// <param name="initialValue">Called once per load context, the first time that context reads or writes the value.</param>
                public PerLoadContext(Func<T> initialValue)
                {
                    _initialValue = initialValue;
                }

                /// <summary>The value of the current load context.</summary>
                public T Value
                {
                    get => Slot().Value!;
                    set => Slot().Value = value;
                }

                private StrongBox<T> Slot()
                {
                    var context = AssemblyLoadContext.CurrentContextualReflectionContext ?? AssemblyLoadContext.Default;
                    return _slots.GetValue(context, Create);
                }

                private StrongBox<T> Create(AssemblyLoadContext context)
                {
                    if (context.IsCollectible)
                    {
                        // The weak table alone keeps a module loaded when its value is a module object: drop the slot on unload.
                        context.Unloading += Forget;
                    }

                    return new StrongBox<T>(_initialValue());
                }

                private void Forget(AssemblyLoadContext context) => _slots.Remove(context);
            }
        }

        """;
}
