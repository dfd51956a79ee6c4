using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// Decodes metadata signatures into the type names documentation-comment IDs use ("System.Int32[]", "``0"), so that
/// the selection can compare the types an assembly uses with the types catalog lines name. A generic instantiation
/// decodes to its definition ("System.Func`1"), which is how a member's containing type appears in an ID.
/// </summary>
internal sealed class DocIdTypeNames : ISignatureTypeProvider<string, object?>
{
    public static readonly DocIdTypeNames DefinitionForm = new(definitionForm: true);

    private readonly bool _definitionForm;

    private DocIdTypeNames(bool definitionForm) => _definitionForm = definitionForm;

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => "System.Boolean",
        PrimitiveTypeCode.Byte => "System.Byte",
        PrimitiveTypeCode.SByte => "System.SByte",
        PrimitiveTypeCode.Char => "System.Char",
        PrimitiveTypeCode.Int16 => "System.Int16",
        PrimitiveTypeCode.UInt16 => "System.UInt16",
        PrimitiveTypeCode.Int32 => "System.Int32",
        PrimitiveTypeCode.UInt32 => "System.UInt32",
        PrimitiveTypeCode.Int64 => "System.Int64",
        PrimitiveTypeCode.UInt64 => "System.UInt64",
        PrimitiveTypeCode.Single => "System.Single",
        PrimitiveTypeCode.Double => "System.Double",
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.Object => "System.Object",
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => "System.Void",
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        => TypeName(reader, handle, keepArity: _definitionForm);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        => TypeName(reader, handle, keepArity: _definitionForm);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        => _definitionForm ? genericType : genericType + "{" + string.Join(",", typeArguments) + "}";

    public string GetArrayType(string elementType, ArrayShape shape)
    {
        var builder = new StringBuilder(elementType).Append('[');
        for (var i = 0; i < shape.Rank; i++)
        {
            // Written as Roslyn's DocumentationCommentId writes it, and as catalog lines spell it: "[,]", no bounds.
            builder.Append(i == 0 ? string.Empty : ",");
        }

        return builder.Append(']').ToString();
    }

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "@";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "=FUNC:" + signature.ReturnType + "(" + string.Join(",", signature.ParameterTypes) + ")";

    /// <summary>"Namespace.Outer.Inner" (nested types joined by '.', as documentation IDs do), arity kept or dropped.</summary>
    public static string TypeName(MetadataReader reader, TypeDefinitionHandle handle, bool keepArity)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = Name(reader.GetString(type.Name), keepArity);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return TypeName(reader, declaring, keepArity) + "." + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string TypeName(MetadataReader reader, TypeReferenceHandle handle, bool keepArity)
    {
        var type = reader.GetTypeReference(handle);
        var name = Name(reader.GetString(type.Name), keepArity);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeName(reader, (TypeReferenceHandle)type.ResolutionScope, keepArity) + "." + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string Name(string metadataName, bool keepArity)
    {
        if (keepArity)
        {
            return metadataName;
        }

        var tick = metadataName.IndexOf('`');
        return tick < 0 ? metadataName : metadataName[..tick];
    }
}
