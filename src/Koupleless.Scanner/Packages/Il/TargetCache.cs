using System;
using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// The catalog target of each IL operand, resolved at most once per metadata row of the assembly (arrays indexed by row
/// number: the lookup runs once per call instruction). Before anything is decoded, a row is ruled out from the UTF-8 bytes
/// of its names alone: the declaring type's simple name must be one a hazard names (checked once per TypeRef/TypeDef row,
/// so an assembly referencing none of them never resolves a call) and the member's name one a hazard lists. Only static
/// field stores are always resolved: they feed the mutable-static check whatever the catalog says.
/// </summary>
internal sealed class TargetCache
{
    private const byte Unknown = 0;
    private const byte RuledOut = 1;
    private const byte Resolved = 2;

    private const int MethodDefTable = 0;
    private const int MemberRefTable = 1;
    private const int MethodSpecTable = 2;
    private const int FieldTable = 3;

    private static readonly TableIndex[] Tables = { TableIndex.MethodDef, TableIndex.MemberRef, TableIndex.MethodSpec, TableIndex.Field };

    private readonly MetadataReader _reader;
    private readonly MetadataNames _names;
    private readonly BinaryHazards _hazards;
    private readonly ResolvedTarget?[][] _targets = new ResolvedTarget?[Tables.Length][];
    private readonly byte[][] _state = new byte[Tables.Length][];

    // Per TypeRef/TypeDef row: whether its simple name is one a hazard names (0 unknown, 1 no, 2 yes).
    private readonly byte[] _typeRefNamed;
    private readonly byte[] _typeDefNamed;

    public TargetCache(MetadataReader reader, MetadataNames names, BinaryHazards hazards)
    {
        _reader = reader;
        _names = names;
        _hazards = hazards;
        for (var i = 0; i < Tables.Length; i++)
        {
            var rows = reader.GetTableRowCount(Tables[i]) + 1;
            _targets[i] = new ResolvedTarget?[rows];
            _state[i] = new byte[rows];
        }

        _typeRefNamed = new byte[reader.GetTableRowCount(TableIndex.TypeRef) + 1];
        _typeDefNamed = new byte[reader.GetTableRowCount(TableIndex.TypeDef) + 1];

        // The TypeRef table is classified up front, once per assembly (a few hundred rows): afterwards a call into an assembly
        // type no hazard names costs two array reads. TypeDef rows are classified when first met (there can be thousands).
        try
        {
            foreach (var handle in reader.TypeReferences)
            {
                IsNamedType(handle);
            }
        }
        catch (BadImageFormatException)
        {
            // A row with a bad name is left unclassified: the operand that names it is decided (and fails) on its own.
        }
    }

    public ResolvedTarget? Get(MemberUse use)
    {
        var table = use.Target.Kind switch
        {
            HandleKind.MethodDefinition => MethodDefTable,
            HandleKind.MemberReference => MemberRefTable,
            HandleKind.MethodSpecification => MethodSpecTable,
            HandleKind.FieldDefinition => FieldTable,
            _ => -1,
        };
        if (table < 0)
        {
            return null;
        }

        var row = MetadataTokens.GetRowNumber(use.Target);
        var states = _state[table];
        if ((uint)row >= (uint)states.Length)
        {
            return null;
        }

        var state = states[row];
        if (state == Resolved)
        {
            return _targets[table][row];
        }

        var isStore = use.Kind is MemberUseKind.StoreStaticField or MemberUseKind.LoadStaticFieldAddress;
        if (state == Unknown && !isStore && !MayMatch(use.Target))
        {
            states[row] = RuledOut;
            return null;
        }

        if (state == RuledOut && !isStore)
        {
            return null;
        }

        // A constructor token can be named by newobj (creation) and call (base call); only newobj creates.
        var target = CallTargets.Resolve(_reader, use.Target, isConstructorCall: true);
        _targets[table][row] = target is null ? null : new ResolvedTarget(target, MatchesOf(target));
        states[row] = Resolved;
        return _targets[table][row];
    }

    /// <summary>The target's keys a hazard lists, in key order, looked up once per row rather than once per instruction.</summary>
    private (string Key, List<BinaryHazard> Hazards)[] MatchesOf(CallTarget target)
    {
        List<(string, List<BinaryHazard>)>? matches = null;
        foreach (var key in target.Keys)
        {
            if (_hazards.TryGet(key, out var hazards))
            {
                (matches ??= new()).Add((key, hazards));
            }
        }

        return matches is null ? Array.Empty<(string, List<BinaryHazard>)>() : matches.ToArray();
    }

    /// <summary>False only when no key of <see cref="BinaryHazards"/> can equal the target's (a superset of the matches).</summary>
    private bool MayMatch(EntityHandle handle)
    {
        try
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                {
                    var method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    var type = method.GetDeclaringType();
                    return IsNamedType(type) && NameMatches(method.Name, _reader.GetTypeDefinition(type).Name);
                }

                case HandleKind.MemberReference:
                {
                    var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                    var parent = member.Parent;
                    switch (parent.Kind)
                    {
                        case HandleKind.TypeReference:
                            return IsNamedType((TypeReferenceHandle)parent) && MemberMatches(member, _reader.GetTypeReference((TypeReferenceHandle)parent).Name);
                        case HandleKind.TypeDefinition:
                            return IsNamedType((TypeDefinitionHandle)parent) && MemberMatches(member, _reader.GetTypeDefinition((TypeDefinitionHandle)parent).Name);
                        case HandleKind.TypeSpecification:
                            // A generic instantiation is named by its definition; anything else (arrays, type parameters) is decided by name as before.
                            return GenericDefinitionIsNamed((TypeSpecificationHandle)parent) && CallTargets.MayMatch(_reader, handle, _hazards);
                        default:
                            return CallTargets.MayMatch(_reader, handle, _hazards);
                    }
                }

                case HandleKind.MethodSpecification:
                    return MayMatch(_reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
                case HandleKind.FieldDefinition:
                {
                    var field = _reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return IsNamedType(field.GetDeclaringType()) && _names.In(_hazards.MemberNamesUtf8, field.Name);
                }

                default:
                    return true;
            }
        }
        catch (BadImageFormatException)
        {
            // Resolve decides (it returns null on bad metadata, as before).
            return true;
        }
    }

    private bool MemberMatches(MemberReference member, StringHandle typeName)
        => member.GetKind() == MemberReferenceKind.Field
            ? _names.In(_hazards.MemberNamesUtf8, member.Name)
            : NameMatches(member.Name, typeName);

    /// <summary>The name test of <see cref="CallTargets.MayMatch"/>, on the metadata's bytes.</summary>
    private bool NameMatches(StringHandle name, StringHandle typeName)
    {
        if (!_names.Equals(name, ".ctor"u8))
        {
            return _names.In(_hazards.MemberNamesUtf8, name);
        }

        var type = _names.Bytes(typeName);
        var tick = type.IndexOf((byte)'`');
        return _hazards.ConstructedTypeNamesUtf8.Contains(tick < 0 ? type : type[..tick]) || _hazards.ConstructedTypeNamesUtf8.Contains(type);
    }

    private bool GenericDefinitionIsNamed(TypeSpecificationHandle handle)
    {
        var blob = _reader.GetBlobReader(_reader.GetTypeSpecification(handle).Signature);
        if (blob.RemainingBytes < 2 || blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return true;
        }

        blob.ReadSignatureTypeCode(); // class or valuetype
        var definition = blob.ReadTypeHandle();
        return definition.Kind switch
        {
            HandleKind.TypeReference => IsNamedType((TypeReferenceHandle)definition),
            HandleKind.TypeDefinition => IsNamedType((TypeDefinitionHandle)definition),
            _ => true,
        };
    }

    private bool IsNamedType(TypeReferenceHandle handle)
    {
        if (_hazards.AnyTypeMayMatch)
        {
            return true;
        }

        var row = MetadataTokens.GetRowNumber(handle);
        if ((uint)row >= (uint)_typeRefNamed.Length)
        {
            return true;
        }

        if (_typeRefNamed[row] == 0)
        {
            _typeRefNamed[row] = (byte)(SimpleNameIsNamed(_reader.GetTypeReference(handle).Name) ? 2 : 1);
        }

        return _typeRefNamed[row] == 2;
    }

    private bool IsNamedType(TypeDefinitionHandle handle)
    {
        if (_hazards.AnyTypeMayMatch)
        {
            return true;
        }

        var row = MetadataTokens.GetRowNumber(handle);
        if ((uint)row >= (uint)_typeDefNamed.Length)
        {
            return true;
        }

        if (_typeDefNamed[row] == 0)
        {
            _typeDefNamed[row] = (byte)(SimpleNameIsNamed(_reader.GetTypeDefinition(handle).Name) ? 2 : 1);
        }

        return _typeDefNamed[row] == 2;
    }

    /// <summary>A type's ID ends with its metadata name after its last dot (namespace and declaring types come before).</summary>
    private bool SimpleNameIsNamed(StringHandle name)
    {
        var bytes = _names.Bytes(name);
        var dot = bytes.LastIndexOf((byte)'.');
        return _hazards.TypeSimpleNamesUtf8.Contains(dot < 0 ? bytes : bytes[(dot + 1)..]);
    }
}

/// <summary>A resolved operand: its target, the catalog entries its keys match, and whether a store to it was recorded.</summary>
internal sealed class ResolvedTarget
{
    public ResolvedTarget(CallTarget target, (string Key, List<BinaryHazard> Hazards)[] matches)
    {
        Target = target;
        Matches = matches;
    }

    public CallTarget Target { get; }

    public (string Key, List<BinaryHazard> Hazards)[] Matches { get; }

    /// <summary>Already added to the set of fields written after type initialization (one hash of the ID per field, not per store).</summary>
    public bool WrittenAfterInit { get; set; }
}
