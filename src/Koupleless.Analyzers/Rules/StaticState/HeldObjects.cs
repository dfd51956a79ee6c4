using System.Collections.Generic;
using System.Linq;
using Koupleless.Analyzers.Flow;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// Whether the object a static holds has anywhere to keep what a module puts in it. A fill (KPL1002) needs a field that
/// can reference a module's object, delegate or type; a sealed object whose fields, up its base chain, hold only numbers,
/// text and enums (Jint's <c>JsValue.Undefined = new JsUndefined()</c> and its <c>JsNumber</c> constants: measured wrong
/// on the released package) cannot, whatever store the flow's may-alias sees reach it. Overwrites (KPL1001) are not
/// judged here: a plain setting changed for every module is still "the last one wins".
/// </summary>
internal static class HeldObjects
{
    private const int MaxDepth = 3;

    /// <param name="created">The types the storage's initializer creates; none known, the storage's declared type.</param>
    public static bool CannotKeepAnything(ISymbol storage, IEnumerable<ITypeSymbol> created, Compilation compilation)
    {
        var declared = storage switch
        {
            IFieldSymbol { IsReadOnly: true } field => field.Type,
            IPropertySymbol { SetMethod: null } property => property.Type,
            _ => null, // writable storage may be given any object later
        };
        if (declared is null)
        {
            return false;
        }

        var held = created.ToList();
        if (held.Count == 0)
        {
            held.Add(declared);
        }

        return held.All(type => CannotHold(type, compilation, 0));
    }

    private static bool CannotHold(ITypeSymbol type, Compilation compilation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        return type switch
        {
            IArrayTypeSymbol array => CannotHold(array.ElementType, compilation, depth + 1),
            INamedTypeSymbol { TypeKind: TypeKind.Class, IsSealed: true } sealedClass => FieldsCannotHold(sealedClass, compilation, depth),
            _ => !ModuleValues.CanHoldModuleReference(type),
        };
    }

    /// <summary>
    /// Every instance field up the base chain, all declared in this compilation (a referenced assembly's private fields
    /// are not visible here, so such a base is taken to hold anything).
    /// </summary>
    private static bool FieldsCannotHold(INamedTypeSymbol type, Compilation compilation, int depth)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, compilation.Assembly))
            {
                return false;
            }

            foreach (var member in current.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } field && !CannotHold(field.Type, compilation, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
