using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>A member-referencing instruction: which kind of use, where, and the token it names.</summary>
internal readonly record struct MemberUse(MemberUseKind Kind, int Offset, EntityHandle Target);

internal enum MemberUseKind : byte
{
    None,
    Call,
    NewObject,
    LoadFunction,
    LoadStaticField,
    LoadStaticFieldAddress,
    StoreStaticField,
}

/// <summary>
/// Walks a method body's IL (ECMA-335 III) and yields the instructions that name methods or static fields:
/// call, callvirt, newobj, ldftn, ldvirtftn, ldsfld, ldsflda, stsfld. Every other instruction is skipped by its operand
/// size, looked up in a table. A body that ends inside an operand (truncated or corrupt IL) simply ends the walk.
/// </summary>
internal static class IlInstructions
{
    private const byte Switch = 0xFF;

    // Operand sizes of the one-byte opcodes (0xFF marks switch) and of the 0xFE-prefixed ones.
    private static readonly byte[] OneByteOperand = BuildOneByte();
    private static readonly byte[] TwoByteOperand = BuildTwoByte();
    private static readonly MemberUseKind[] OneByteKind = BuildOneByteKinds();

    public static void ForEachMemberUse(ReadOnlySpan<byte> il, List<MemberUse> uses)
    {
        var position = 0;
        var oneByteOperand = OneByteOperand;
        var oneByteKind = OneByteKind;
        while ((uint)position < (uint)il.Length)
        {
            var offset = position;
            int code = il[position++];
            int size;
            MemberUseKind kind;
            if (code != 0xFE)
            {
                size = oneByteOperand[code];
                kind = oneByteKind[code];
                if (size == Switch)
                {
                    if (il.Length - position < 4)
                    {
                        return;
                    }

                    var count = BinaryPrimitives.ReadUInt32LittleEndian(il[position..]);
                    position += 4;
                    if (count > (uint)(il.Length - position) / 4)
                    {
                        return;
                    }

                    position += (int)count * 4;
                    continue;
                }
            }
            else
            {
                if (position >= il.Length)
                {
                    return;
                }

                var second = il[position++];
                size = TwoByteOperand[second];
                kind = second is 0x06 or 0x07 ? MemberUseKind.LoadFunction : MemberUseKind.None;
            }

            if (size > il.Length - position)
            {
                return;
            }

            if (kind != MemberUseKind.None)
            {
                var token = BinaryPrimitives.ReadInt32LittleEndian(il.Slice(position, 4));
                uses.Add(new MemberUse(kind, offset, MetadataTokens.EntityHandle(token)));
            }

            position += size;
        }
    }

    private static byte[] BuildOneByte()
    {
        var sizes = new byte[256];
        void Set(int from, int to, byte size)
        {
            for (var i = from; i <= to; i++)
            {
                sizes[i] = size;
            }
        }

        Set(0x0E, 0x13, 1); // ldarg.s .. stloc.s
        Set(0x1F, 0x1F, 1); // ldc.i4.s
        Set(0x2B, 0x37, 1); // short branches
        Set(0xDE, 0xDE, 1); // leave.s
        Set(0x20, 0x20, 4); // ldc.i4
        Set(0x22, 0x22, 4); // ldc.r4
        Set(0x21, 0x21, 8); // ldc.i8
        Set(0x23, 0x23, 8); // ldc.r8
        Set(0x27, 0x29, 4); // jmp, call, calli
        Set(0x38, 0x44, 4); // long branches
        Set(0x6F, 0x75, 4); // callvirt, cpobj, ldobj, ldstr, newobj, castclass, isinst
        Set(0x79, 0x79, 4); // unbox
        Set(0x7B, 0x81, 4); // ldfld .. stobj
        Set(0x8C, 0x8D, 4); // box, newarr
        Set(0x8F, 0x8F, 4); // ldelema
        Set(0xA3, 0xA5, 4); // ldelem, stelem, unbox.any
        Set(0xC2, 0xC2, 4); // refanyval
        Set(0xC6, 0xC6, 4); // mkrefany
        Set(0xD0, 0xD0, 4); // ldtoken
        Set(0xDD, 0xDD, 4); // leave
        sizes[0x45] = Switch;
        return sizes;
    }

    private static byte[] BuildTwoByte()
    {
        var sizes = new byte[256];
        sizes[0x06] = sizes[0x07] = 4; // ldftn, ldvirtftn
        for (var i = 0x09; i <= 0x0E; i++)
        {
            sizes[i] = 2; // ldarg .. stloc (long forms)
        }

        sizes[0x12] = 1; // unaligned.
        sizes[0x19] = 1; // no.
        sizes[0x15] = sizes[0x16] = sizes[0x1C] = 4; // initobj, constrained., sizeof
        return sizes;
    }

    private static MemberUseKind[] BuildOneByteKinds()
    {
        var kinds = new MemberUseKind[256];
        kinds[0x28] = kinds[0x6F] = MemberUseKind.Call;
        kinds[0x73] = MemberUseKind.NewObject;
        kinds[0x7E] = MemberUseKind.LoadStaticField;
        kinds[0x7F] = MemberUseKind.LoadStaticFieldAddress;
        kinds[0x80] = MemberUseKind.StoreStaticField;
        return kinds;
    }
}
