using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// What an IL instruction refers to, in catalog terms: the member's documentation-comment ID ("M:..." or "F:...")
/// and the wider IDs a catalog line may use for the same use ("P:T.X" for get_X/set_X, "E:T.X" for add_X,
/// "T:T" for a constructor call).
/// </summary>
internal sealed record CallTarget(string DocId, string TypeName, string MemberName, ImmutableArray<string> Keys)
{
    /// <summary>"Type.Member" as shown in reports (accessors shown as their property or event).</summary>
    public string Display => TypeName + "." + MemberName;
}

/// <summary>Resolves method and field tokens to <see cref="CallTarget"/>s; never throws on bad metadata (returns null).</summary>
internal static class CallTargets
{
    /// <summary>
    /// Whether the target's name (without decoding anything else) is one a hazard lists; static field stores are always
    /// wanted (they feed the mutable-static check).
    /// </summary>
    public static bool MayMatch(MetadataReader reader, EntityHandle handle, BinaryHazards hazards)
    {
        try
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return NameMatches(reader, reader.GetString(method.Name), () => reader.GetString(reader.GetTypeDefinition(method.GetDeclaringType()).Name), hazards);
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    if (member.GetKind() == MemberReferenceKind.Field)
                    {
                        return true;
                    }

                    return NameMatches(reader, reader.GetString(member.Name), () => ParentSimpleName(reader, member.Parent), hazards);
                case HandleKind.MethodSpecification:
                    return MayMatch(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method, hazards);
                default:
                    return true;
            }
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static bool NameMatches(MetadataReader reader, string name, Func<string?> typeName, BinaryHazards hazards)
    {
        if (name == ".ctor")
        {
            var type = typeName();
            if (type is null)
            {
                return false;
            }

            var tick = type.IndexOf('`');
            return hazards.ConstructedTypeNames.Contains(tick < 0 ? type : type[..tick]) || hazards.ConstructedTypeNames.Contains(type);
        }

        return hazards.MemberNames.Contains(name);
    }

    private static string? ParentSimpleName(MetadataReader reader, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name),
        HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)parent).Name),
        HandleKind.TypeSpecification => SimpleNameOf(reader.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(DocIdTypeNames.DefinitionForm, null)),
        _ => null,
    };

    private static string SimpleNameOf(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        return dot >= 0 ? fullName[(dot + 1)..] : fullName;
    }

    public static CallTarget? Resolve(MetadataReader reader, EntityHandle handle, bool isConstructorCall)
    {
        try
        {
            return handle.Kind switch
            {
                HandleKind.MethodDefinition => FromMethodDefinition(reader, (MethodDefinitionHandle)handle, isConstructorCall),
                HandleKind.MemberReference => FromMemberReference(reader, (MemberReferenceHandle)handle, isConstructorCall),
                HandleKind.MethodSpecification => Resolve(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method, isConstructorCall),
                HandleKind.FieldDefinition => FromFieldDefinition(reader, (FieldDefinitionHandle)handle),
                _ => null,
            };
        }
        catch (BadImageFormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static CallTarget FromMethodDefinition(MetadataReader reader, MethodDefinitionHandle handle, bool isConstructorCall)
    {
        var method = reader.GetMethodDefinition(handle);
        var typeName = DocIdTypeNames.TypeName(reader, method.GetDeclaringType(), keepArity: true);
        var signature = method.DecodeSignature(DocIdTypeNames.ParameterForm, null);
        return ForMethod(typeName, reader.GetString(method.Name), signature, isConstructorCall);
    }

    private static CallTarget? FromMemberReference(MetadataReader reader, MemberReferenceHandle handle, bool isConstructorCall)
    {
        var member = reader.GetMemberReference(handle);
        var typeName = ParentTypeName(reader, member.Parent);
        if (typeName is null)
        {
            return null;
        }

        var name = reader.GetString(member.Name);
        if (member.GetKind() == MemberReferenceKind.Field)
        {
            return ForField(typeName, name);
        }

        var signature = member.DecodeMethodSignature(DocIdTypeNames.ParameterForm, null);
        return ForMethod(typeName, name, signature, isConstructorCall);
    }

    private static CallTarget FromFieldDefinition(MetadataReader reader, FieldDefinitionHandle handle)
    {
        var field = reader.GetFieldDefinition(handle);
        return ForField(DocIdTypeNames.TypeName(reader, field.GetDeclaringType(), keepArity: true), reader.GetString(field.Name));
    }

    private static string? ParentTypeName(MetadataReader reader, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => DocIdTypeNames.TypeName(reader, (TypeReferenceHandle)parent, keepArity: true),
        HandleKind.TypeDefinition => DocIdTypeNames.TypeName(reader, (TypeDefinitionHandle)parent, keepArity: true),
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(DocIdTypeNames.DefinitionForm, null),
        HandleKind.MethodDefinition => DocIdTypeNames.TypeName(reader, reader.GetMethodDefinition((MethodDefinitionHandle)parent).GetDeclaringType(), keepArity: true),
        _ => null,
    };

    private static CallTarget ForField(string typeName, string name)
        => new("F:" + typeName + "." + name, typeName, name, ImmutableArray.Create("F:" + typeName + "." + name));

    private static CallTarget ForMethod(string typeName, string name, MethodSignature<string> signature, bool isConstructorCall)
    {
        var idName = name.Replace('.', '#');
        if (signature.GenericParameterCount > 0)
        {
            idName += "``" + signature.GenericParameterCount;
        }

        var docId = "M:" + typeName + "." + idName + DocIdTypeNames.JoinParameters(signature.ParameterTypes);
        if (name is "op_Implicit" or "op_Explicit")
        {
            docId += "~" + signature.ReturnType;
        }

        var keys = new List<string>(3) { docId };
        var shown = name;
        if (name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal))
        {
            shown = name[4..];
            var indexParameters = name[0] == 's' && signature.ParameterTypes.Length > 0
                ? signature.ParameterTypes.RemoveAt(signature.ParameterTypes.Length - 1)
                : signature.ParameterTypes;
            keys.Add("P:" + typeName + "." + shown + DocIdTypeNames.JoinParameters(indexParameters));
        }
        else if (name.StartsWith("add_", StringComparison.Ordinal))
        {
            shown = name[4..];
            keys.Add("E:" + typeName + "." + shown);
        }
        else if (name.StartsWith("remove_", StringComparison.Ordinal))
        {
            shown = name[7..];
        }

        if (isConstructorCall && name == ".ctor")
        {
            keys.Add("T:" + typeName);
        }

        return new CallTarget(docId, typeName, shown, keys.ToImmutableArray());
    }
}
