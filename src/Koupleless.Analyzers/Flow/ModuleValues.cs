using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// Whether a value of a type can keep a module loaded: hold a reference to a module object, delegate, Type or member.
/// Measured (docs/rules/KPL1002.md): a Type, a MemberInfo, a delegate or an object of a module type kept by shared
/// static storage pins the module; strings, numbers and enums do not.
/// </summary>
internal static class ModuleValues
{
    private const int MaxDepth = 3;

    public static bool CanHoldModuleReference(ITypeSymbol? type) => CanHold(type, 0);

    private static bool CanHold(ITypeSymbol? type, int depth)
    {
        if (type is null || depth > MaxDepth)
        {
            return type is not null;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
            case SpecialType.System_Void:
                return false;
        }

        switch (type.TypeKind)
        {
            case TypeKind.Enum:
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return false;
            case TypeKind.TypeParameter:
            case TypeKind.Error:
            case TypeKind.Dynamic:
                return true;
            case TypeKind.Array:
                return CanHold(((IArrayTypeSymbol)type).ElementType, depth + 1);
            case TypeKind.Struct when type is INamedTypeSymbol structType:
                return StructCanHold(structType, depth);
            default:
                // Classes, interfaces and delegates: a module can pass its own subclass, implementation or method.
                return !IsSealedValueLikeClass(type);
        }
    }

    /// <summary>A struct holds what its fields hold: (Type, Type) pairs and KeyValuePair&lt;Type, X&gt; do; TimeSpan does not.</summary>
    private static bool StructCanHold(INamedTypeSymbol type, int depth)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return CanHold(type.TypeArguments[0], depth + 1);
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } field && CanHold(field.Type, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sealed framework classes that hold only text or numbers (a module cannot subclass them), and weak references,
    /// which hold their target without keeping it alive.
    /// </summary>
    private static bool IsSealedValueLikeClass(ITypeSymbol type)
        => (type.Name == "WeakReference" && type.ContainingNamespace?.ToDisplayString() == "System")
            || type.IsSealed
            && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Text" or "System.Globalization"
            && type.Name is "Version" or "Uri" or "StringBuilder" or "CompositeFormat" or "TimeZoneInfo";
}
