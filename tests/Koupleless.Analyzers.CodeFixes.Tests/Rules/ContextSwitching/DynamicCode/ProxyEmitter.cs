using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;

namespace Koupleless.Emit
{
    /// <summary>
    /// A minimal proxy library, the way Castle DynamicProxy or a mapper emits code: it defines a dynamic assembly and a
    /// type implementing the caller's interface. This one file is compiled twice: into the test assembly (the default
    /// context: a library the base shares) and, read back as an embedded resource, into a module (a private copy in the
    /// module's own collectible context). The run-time tests call the same code from both places.
    /// </summary>
    public static class ProxyEmitter
    {
        /// <summary>Proxy types by contract, kept for reuse as proxy libraries do (Castle's ModuleScope cache).</summary>
        private static readonly Dictionary<Type, Type> Cache = new Dictionary<Type, Type>();

        /// <summary>Emits a type implementing <paramref name="contract"/> (one method, returning "proxy") and creates one.</summary>
        public static object CreateProxy(Type contract, AssemblyBuilderAccess access, bool cache)
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Proxies" + Guid.NewGuid().ToString("N")), access);
            var module = assembly.DefineDynamicModule("Proxies");
            var type = module.DefineType("Proxy" + contract.Name, TypeAttributes.Public | TypeAttributes.Sealed, typeof(object), new[] { contract });
            type.DefineDefaultConstructor(MethodAttributes.Public);
            foreach (var method in contract.GetMethods())
            {
                var implementation = type.DefineMethod(
                    method.Name,
                    MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.NewSlot | MethodAttributes.HideBySig,
                    method.ReturnType,
                    Array.Empty<Type>());
                var il = implementation.GetILGenerator();
                il.Emit(OpCodes.Ldstr, "proxy");
                il.Emit(OpCodes.Ret);
                type.DefineMethodOverride(implementation, method);
            }

            var created = type.CreateType()!;
            if (cache)
            {
                lock (Cache)
                {
                    Cache[contract] = created;
                }
            }

            return Activator.CreateInstance(created)!;
        }

        /// <summary>Calls <paramref name="contract"/>'s first method on <paramref name="target"/> through a DynamicMethod.</summary>
        /// <param name="owner">The type the DynamicMethod is attached to (a module class), or null for an anonymous one.</param>
        public static object? CallThroughDynamicMethod(object target, Type contract, Type? owner)
        {
            var method = owner is not null
                ? new DynamicMethod("Call", typeof(object), new[] { typeof(object) }, owner, skipVisibility: true)
                : new DynamicMethod("Call", typeof(object), new[] { typeof(object) });
            var il = method.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Castclass, contract);
            il.Emit(OpCodes.Callvirt, contract.GetMethods()[0]);
            il.Emit(OpCodes.Ret);
            return method.Invoke(null, new[] { target });
        }

        /// <summary>Where the proxy's dynamic assembly lives: "collectible|non-collectible in &lt;context name&gt;".</summary>
        public static string Describe(object proxy)
        {
            var assembly = proxy.GetType().Assembly;
            var context = AssemblyLoadContext.GetLoadContext(assembly);
            return (assembly.IsCollectible ? "collectible" : "non-collectible") + " in " + (context?.Name ?? "no context");
        }
    }
}
