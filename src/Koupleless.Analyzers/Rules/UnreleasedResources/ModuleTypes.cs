using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Whether a type lives in the module's own assembly, so that a cache in the default context holding it keeps the
/// module's AssemblyLoadContext alive: a type declared in the compilation being analysed, an anonymous type (compiled
/// into it), or an array or generic instantiation over one (<c>List&lt;Widget&gt;</c> caches <c>Widget</c> too).
/// Types of other referenced assemblies are counted only when the build names them as the module's own projects
/// (<see cref="Internals.ModuleAssemblies"/>): otherwise the analyser cannot tell a module's private dependency (which
/// unloads with it) from a shared one (which never unloads). A type parameter constrained to a module type is one too:
/// whatever instantiates it (<c>SignedToken&lt;THeader, TPayload&gt; where TPayload : JsonWebSignature.Payload</c>)
/// passes that type or a subclass or implementation of it, and only the module can declare those.
/// </summary>
internal static class ModuleTypes
{
    private const int MaxDepth = 8;

    public static bool IsDeclaredIn(ITypeSymbol? type, IAssemblySymbol module)
        => IsDeclaredIn(type, assembly => SymbolEqualityComparer.Default.Equals(assembly, module), 0);

    /// <summary>Whether the type is declared in one of the module's assemblies (<see cref="Internals.ModuleAssemblies.Of"/>).</summary>
    public static bool IsDeclaredIn(ITypeSymbol? type, ImmutableHashSet<IAssemblySymbol> module)
        => IsDeclaredIn(type, module.Contains, 0);

    private static bool IsDeclaredIn(ITypeSymbol? type, System.Func<IAssemblySymbol, bool> isModule, int depth)
    {
        if (type is null || depth > MaxDepth || type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsDeclaredIn(array.ElementType, isModule, depth + 1);
            case INamedTypeSymbol named:
                if (named.IsAnonymousType || (named.ContainingAssembly is { } assembly && isModule(assembly)))
                {
                    return true;
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (IsDeclaredIn(argument, isModule, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ITypeParameterSymbol parameter:
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    if (IsDeclaredIn(constraint, isModule, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
