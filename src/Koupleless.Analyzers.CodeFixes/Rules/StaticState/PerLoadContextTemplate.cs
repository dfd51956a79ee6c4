namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// The per-load-context holder the KPL1001/KPL1002 fix nests in a type whose project does not reference
/// Koupleless.Adapters (BCL only; the package's <c>Koupleless.Adapters.PerLoadContext&lt;T&gt;</c> is the same holder,
/// tested once). Its shape follows the measured facts in DESIGN.md: keyed by the contextual-reflection context (which the
/// base must enter around calls into a module), and the slot dropped in that context's Unloading event, because the
/// weak table alone kept a module whose value was a module object loaded.
/// </summary>
internal static class PerLoadContextTemplate
{
    /// <summary>The nested class, at column 0; <c>TValue</c> is replaced by a type parameter name free in the enclosing types.</summary>
    public const string NestedSource = """
        /// <summary>
        /// One value per AssemblyLoadContext instead of one per process (added by the Koupleless KPL1001/KPL1002 code fix;
        /// the Koupleless.Adapters package has the same holder). The context is AssemblyLoadContext.CurrentContextualReflectionContext:
        /// the base must call into a module inside <c>using (AssemblyLoadContext.EnterContextualReflection(moduleAssembly))</c>,
        /// otherwise every module reads and writes the default context's value. A module's slot is dropped when the module
        /// unloads, so a value that references module objects never keeps the module loaded.
        /// </summary>
        private sealed class PerLoadContext<TValue>
        {
            private readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<global::System.Runtime.Loader.AssemblyLoadContext, global::System.Runtime.CompilerServices.StrongBox<TValue>> _slots = new global::System.Runtime.CompilerServices.ConditionalWeakTable<global::System.Runtime.Loader.AssemblyLoadContext, global::System.Runtime.CompilerServices.StrongBox<TValue>>();
            private readonly global::System.Func<TValue> _initialValue;

            public PerLoadContext()
                : this(() => default!)
            {
            }

            public PerLoadContext(global::System.Func<TValue> initialValue)
            {
                _initialValue = initialValue;
            }

            public TValue Value
            {
                get => Slot().Value!;
                set => Slot().Value = value;
            }

            private global::System.Runtime.CompilerServices.StrongBox<TValue> Slot()
            {
                var context = global::System.Runtime.Loader.AssemblyLoadContext.CurrentContextualReflectionContext ?? global::System.Runtime.Loader.AssemblyLoadContext.Default;
                return _slots.GetValue(context, Create);
            }

            private global::System.Runtime.CompilerServices.StrongBox<TValue> Create(global::System.Runtime.Loader.AssemblyLoadContext context)
            {
                if (context.IsCollectible)
                {
                    // The weak table alone keeps a module loaded when its value is a module object: drop the slot on unload.
                    context.Unloading += Forget;
                }

                return new global::System.Runtime.CompilerServices.StrongBox<TValue>(_initialValue());
            }

            private void Forget(global::System.Runtime.Loader.AssemblyLoadContext context) => _slots.Remove(context);
        }
        """;

    /// <summary>The nested holder with <paramref name="typeParameter"/> as its type parameter.</summary>
    public static string Nested(string typeParameter) => NestedSource.Replace("TValue", typeParameter);
}
