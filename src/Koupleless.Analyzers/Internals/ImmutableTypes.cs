using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Types whose instances cannot change after construction, so a <c>static readonly</c> field of one is a constant
/// for the whole process and no hazard however many modules read it (the "Make readonly" fix offers only these).
/// </summary>
internal static class ImmutableTypes
{
    public static bool IsImmutable(ITypeSymbol type)
    {
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
            case SpecialType.System_Object: // a plain object has no state: the classic lock object
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsImmutable(nullable.TypeArguments[0]);
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns is "System.Collections.Immutable" or "System.Collections.Frozen")
        {
            return true;
        }

        return (ns, type.Name) switch
        {
            ("System", "TimeSpan" or "DateTimeOffset" or "Guid" or "Type" or "Uri" or "Version" or "DateOnly" or "TimeOnly") => true,
            ("System.Text.RegularExpressions", "Regex") => true,
            ("System.Text", "CompositeFormat") => true,
            _ => false,
        };
    }
}
