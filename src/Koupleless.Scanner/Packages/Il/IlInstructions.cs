using System;
using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>A member-referencing instruction: which kind of use, where, and the token it names.</summary>
/// <param name="AfterStringLiteral">A string literal (ldstr) was loaded within the three instructions before: the call's
/// name argument is most likely a constant, not a name that comes from a module.</param>
internal readonly record struct MemberUse(MemberUseKind Kind, int Offset, EntityHandle Target, bool AfterStringLiteral);

internal enum MemberUseKind
{
    Call,
    NewObject,
    LoadFunction,
    LoadStaticField,
    LoadStaticFieldAddress,
    StoreStaticField,
}

/// <summary>
/// Walks a method body's IL (ECMA-335 III) and yields the instructions that name methods or static fields:
/// call, callvirt, newobj, ldftn, ldvirtftn, ldsfld, ldsflda, stsfld. Every other instruction is skipped by its operand size.
/// A body that ends inside an operand (truncated or corrupt IL) simply ends the walk.
/// </summary>
internal static class IlInstructions
{
    public static void ForEachMemberUse(BlobReader il, List<MemberUse> uses)
    {
        var sinceLiteral = int.MaxValue;
        while (il.RemainingBytes > 0)
        {
            var offset = il.Offset;
            sinceLiteral = sinceLiteral == int.MaxValue ? sinceLiteral : sinceLiteral + 1;
            int code = il.ReadByte();
            if (code == 0xFE)
            {
                if (il.RemainingBytes < 1)
                {
                    return;
                }

                code = 0xFE00 | il.ReadByte();
            }

            if (code == 0x45)
            {
                // switch: a count, then that many 4-byte targets.
                if (il.RemainingBytes < 4)
                {
                    return;
                }

                var count = il.ReadUInt32();
                if (count > (uint)il.RemainingBytes / 4)
                {
                    return;
                }

                il.Offset += (int)count * 4;
                continue;
            }

            var size = OperandSize(code);
            if (size > il.RemainingBytes)
            {
                return;
            }

            MemberUseKind? kind = code switch
            {
                0x28 or 0x6F => MemberUseKind.Call,
                0x73 => MemberUseKind.NewObject,
                0xFE06 or 0xFE07 => MemberUseKind.LoadFunction,
                0x7E => MemberUseKind.LoadStaticField,
                0x7F => MemberUseKind.LoadStaticFieldAddress,
                0x80 => MemberUseKind.StoreStaticField,
                _ => null,
            };

            if (kind is { } useKind)
            {
                var token = il.ReadInt32();
                var handle = MetadataTokens.EntityHandle(token);
                uses.Add(new MemberUse(useKind, offset, handle, sinceLiteral <= 3));
            }
            else
            {
                if (code == 0x72)
                {
                    sinceLiteral = 0;
                }

                il.Offset += size;
            }
        }
    }

    private static int OperandSize(int code)
    {
        switch (code)
        {
            case >= 0x0E and <= 0x13: // ldarg.s .. stloc.s
            case 0x1F: // ldc.i4.s
            case >= 0x2B and <= 0x37: // short branches
            case 0xDE: // leave.s
            case 0xFE12: // unaligned.
            case 0xFE19: // no.
                return 1;
            case >= 0xFE09 and <= 0xFE0E: // ldarg .. stloc (long forms)
                return 2;
            case 0x21: // ldc.i8
            case 0x23: // ldc.r8
                return 8;
            case 0x20: // ldc.i4
            case 0x22: // ldc.r4
            case 0x27 or 0x28 or 0x29: // jmp, call, calli
            case >= 0x38 and <= 0x44: // long branches
            case >= 0x6F and <= 0x75: // callvirt, cpobj, ldobj, ldstr, newobj, castclass, isinst
            case 0x79: // unbox
            case >= 0x7B and <= 0x81: // ldfld .. stobj
            case 0x8C or 0x8D or 0x8F: // box, newarr, ldelema
            case 0xA3 or 0xA4 or 0xA5: // ldelem, stelem, unbox.any
            case 0xC2 or 0xC6 or 0xD0 or 0xDD: // refanyval, mkrefany, ldtoken, leave
            case 0xFE06 or 0xFE07: // ldftn, ldvirtftn
            case 0xFE15 or 0xFE16 or 0xFE1C: // initobj, constrained., sizeof
                return 4;
            default:
                return 0;
        }
    }
}
