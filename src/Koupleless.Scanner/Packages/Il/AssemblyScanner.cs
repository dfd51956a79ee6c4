using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Koupleless.Scanner.Model;
using Koupleless.Scanner.Packages.Model;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>The outcome of reading one assembly image.</summary>
internal sealed record AssemblyScanResult(ScannedAssembly? Assembly, List<PackageFinding> Findings, string? Problem)
{
    /// <summary>A native library (no metadata): skipping it leaves nothing unscanned.</summary>
    public bool IsNative { get; init; }
}

/// <summary>
/// Reads one assembly image with System.Reflection.Metadata (never loads it for execution) and reports
/// the hazards of <see cref="BinaryHazards"/> plus mutable static fields (KPL1001).
/// </summary>
internal static class AssemblyScanner
{
    public static AssemblyScanResult Scan(ImmutableArray<byte> image, string assemblyPath, BinaryHazards hazards)
    {
        using var pe = new PEReader(image);
        return Scan(pe, image.AsMemory(), assemblyPath, hazards);
    }

    /// <summary>Scans the image in the first <paramref name="length"/> bytes of <paramref name="buffer"/> (a pooled buffer: nothing is kept).</summary>
    public static unsafe AssemblyScanResult Scan(byte[] buffer, int length, string assemblyPath, BinaryHazards hazards)
    {
        if (length == 0)
        {
            return Scan(ImmutableArray<byte>.Empty, assemblyPath, hazards);
        }

        // PEReader over a pointer reads the same file layout as over an array, without copying the buffer into one.
        fixed (byte* start = buffer)
        {
            using var pe = new PEReader(start, length);
            return Scan(pe, buffer.AsMemory(0, length), assemblyPath, hazards);
        }
    }

    private static AssemblyScanResult Scan(PEReader pe, ReadOnlyMemory<byte> image, string assemblyPath, BinaryHazards hazards)
    {
        try
        {
            if (!pe.HasMetadata)
            {
                return new AssemblyScanResult(null, new List<PackageFinding>(), $"{assemblyPath}: not a .NET assembly (no metadata; a native library?) - skipped") { IsNative = true };
            }

            var reader = pe.GetMetadataReader();
            var findings = new List<PackageFinding>();
            var ilBytes = 0L;
            var methods = 0;
            var names = new MetadataNames(pe, reader, image);
            var targets = new TargetCache(reader, names, hazards);
            var uses = new List<MemberUse>();
            var seen = new HashSet<(string, string, string, string)>();
            var writtenAfterInit = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<(TypeDefinitionHandle Type, string VisibleType)>();

            foreach (var typeHandle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(typeHandle);
                if (IsIgnoredType(names.Bytes(type.Name)))
                {
                    continue;
                }

                // Names are built only when a finding or a static-constructor store needs them: most types have neither.
                string? visibleType = null;
                string? generatedMember = null;
                string? declaringTypeName = null;
                var isGenerated = type.GetDeclaringType() is { IsNil: false } && names.Bytes(type.Name).Contains((byte)'<');
                if (!isGenerated)
                {
                    candidates.Add((typeHandle, string.Empty));
                }

                foreach (var methodHandle in type.GetMethods())
                {
                    var method = reader.GetMethodDefinition(methodHandle);
                    if (method.RelativeVirtualAddress == 0)
                    {
                        continue;
                    }

                    // The IL is read straight from the method header (ECMA-335 II.25.4): MethodBodyBlock would also decode
                    // locals and exception regions the scan does not need, on every method of every assembly.
                    if (!TryGetIl(pe, method.RelativeVirtualAddress, out var il, out var ilFileOffset)
                        || ilFileOffset < 0 || ilFileOffset + il.Length > image.Length)
                    {
                        continue;
                    }

                    methods++;
                    ilBytes += il.Length;
                    uses.Clear();

                    // The image is the file's bytes (PEReader over an array is not mapped), so the IL is a slice of it.
                    IlInstructions.ForEachMemberUse(image.Span.Slice((int)ilFileOffset, il.Length), uses);
                    if (uses.Count == 0)
                    {
                        continue;
                    }

                    var isStaticConstructor = reader.StringComparer.Equals(method.Name, ".cctor");
                    var inStaticConstructor = isStaticConstructor && !isGenerated;
                    string? member = null;
                    foreach (var use in uses)
                    {
                        var resolved = targets.Get(use);

                        if (resolved is null)
                        {
                            continue;
                        }

                        var target = resolved.Target;

                        // A store in the field's own static constructor is initialization, not a change of shared state.
                        if (use.Kind is MemberUseKind.StoreStaticField or MemberUseKind.LoadStaticFieldAddress
                            && !resolved.WrittenAfterInit
                            && !(isStaticConstructor && target.TypeName == (declaringTypeName ??= DocIdTypeNames.TypeName(reader, typeHandle, keepArity: true))))
                        {
                            writtenAfterInit.Add(target.DocId);
                            resolved.WrittenAfterInit = true;
                        }

                        foreach (var (key, matches) in resolved.Matches)
                        {
                            foreach (var hazard in matches)
                            {
                                if ((hazard.OnlyInStaticConstructor && !inStaticConstructor) || (hazard.SkipAfterStringLiteral && use.AfterStringLiteral)
                                    || !IsUseOfKind(key, use.Kind))
                                {
                                    continue;
                                }

                                if (visibleType is null)
                                {
                                    (visibleType, generatedMember) = UserVisible(reader, typeHandle);
                                }

                                member ??= MemberName(reader.GetString(method.Name), generatedMember);

                                // One finding per rule, member and API: a method calling the same setter five times is one place to fix.
                                if (seen.Add((hazard.RuleId, visibleType, member, target.DocId)))
                                {
                                    findings.Add(new PackageFinding(
                                        hazard.RuleId,
                                        RuleFamilies.Of(hazard.RuleId),
                                        $"'{target.Display}' is used: {hazard.Reason}",
                                        assemblyPath,
                                        visibleType,
                                        member,
                                        use.Offset,
                                        target.DocId,
                                        hazard.Hint) { ByteOffset = ilFileOffset < 0 ? null : ilFileOffset + use.Offset });
                                }
                            }
                        }
                    }
                }
            }

            foreach (var (candidate, _) in candidates)
            {
                ReportMutableStatics(pe, reader, reader.GetTypeDefinition(candidate), candidate, assemblyPath, writtenAfterInit, findings);
            }

            return new AssemblyScanResult(new ScannedAssembly(assemblyPath, image.Length, ilBytes, methods), findings, null);
        }
        catch (BadImageFormatException ex)
        {
            return new AssemblyScanResult(null, new List<PackageFinding>(), $"{assemblyPath}: invalid assembly metadata ({ex.Message}) - skipped");
        }
        catch (InvalidOperationException ex)
        {
            return new AssemblyScanResult(null, new List<PackageFinding>(), $"{assemblyPath}: invalid assembly metadata ({ex.Message}) - skipped");
        }
        catch (ArgumentException ex)
        {
            return new AssemblyScanResult(null, new List<PackageFinding>(), $"{assemblyPath}: invalid assembly metadata ({ex.Message}) - skipped");
        }
    }

    private static bool TryGetIl(PEReader pe, int rva, out BlobReader il, out long ilFileOffset)
    {
        il = default;
        ilFileOffset = -1;
        PEMemoryBlock block;
        try
        {
            block = pe.GetSectionData(rva);
        }
        catch (BadImageFormatException)
        {
            return false;
        }

        if (block.Length < 1)
        {
            return false;
        }

        var header = block.GetReader();
        var first = header.ReadByte();
        int headerSize, codeSize;
        if ((first & 0x3) == 0x2)
        {
            headerSize = 1;
            codeSize = first >> 2;
        }
        else if ((first & 0x3) == 0x3 && block.Length >= 12)
        {
            var second = header.ReadByte();
            headerSize = (second >> 4) * 4;
            header.ReadUInt16(); // max stack
            codeSize = header.ReadInt32();
            if (headerSize < 12)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (codeSize < 0 || codeSize > block.Length - headerSize)
        {
            return false;
        }

        il = block.GetReader(headerSize, codeSize);
        var bodyOffset = RvaToFileOffset(pe, rva);
        ilFileOffset = bodyOffset < 0 ? -1 : bodyOffset + headerSize;
        return true;
    }

    private static long RvaToFileOffset(PEReader pe, int rva)
    {
        foreach (var section in pe.PEHeaders.SectionHeaders)
        {
            if (rva >= section.VirtualAddress && rva < section.VirtualAddress + System.Math.Max(section.VirtualSize, section.SizeOfRawData))
            {
                return (long)rva - section.VirtualAddress + section.PointerToRawData;
            }
        }

        return -1;
    }

    /// <summary>Field keys match loads/stores, "E:" keys only subscriptions, "T:" keys only creations; "M:"/"P:" keys calls and delegates.</summary>
    private static bool IsUseOfKind(string key, MemberUseKind kind) => key[0] switch
    {
        'F' => kind is MemberUseKind.LoadStaticField or MemberUseKind.LoadStaticFieldAddress or MemberUseKind.StoreStaticField,
        'T' => kind == MemberUseKind.NewObject,
        _ => kind is MemberUseKind.Call or MemberUseKind.NewObject or MemberUseKind.LoadFunction,
    };

    private static bool IsIgnoredType(ReadOnlySpan<byte> name)
        => name.SequenceEqual("<Module>"u8) || name.StartsWith("<PrivateImplementationDetails>"u8) || name.StartsWith("__StaticArrayInit"u8);

    /// <summary>
    /// The type a reader of the package's API knows, and, when <paramref name="handle"/> is compiler generated
    /// (closure, lambda cache, iterator or async state machine), the member that declared it ("" when unknown).
    /// </summary>
    private static (string Type, string? GeneratedMember) UserVisible(MetadataReader reader, TypeDefinitionHandle handle)
    {
        string? generatedMember = null;
        var current = handle;
        while (true)
        {
            var type = reader.GetTypeDefinition(current);
            var name = reader.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!name.Contains('<') || declaring.IsNil)
            {
                return (DocIdTypeNames.TypeName(reader, current, keepArity: true), generatedMember);
            }

            // "<Foo>d__3" (state machine) names its method; "<>c" and "<>c__DisplayClass0_0" do not.
            var inner = BetweenAngles(name);
            generatedMember = string.IsNullOrEmpty(inner) ? generatedMember ?? string.Empty : inner;
            current = declaring;
        }
    }

    private static string MemberName(string methodName, string? generatedMember)
    {
        // "<Foo>b__0_0" (lambda), "<Foo>g__Local|1_0" (local function) belong to Foo.
        var inner = methodName.StartsWith('<') ? BetweenAngles(methodName) : null;
        if (!string.IsNullOrEmpty(inner))
        {
            return inner;
        }

        if (!string.IsNullOrEmpty(generatedMember))
        {
            return generatedMember;
        }

        return methodName;
    }

    private static string? BetweenAngles(string name)
    {
        var open = name.IndexOf('<');
        var close = name.IndexOf('>', open + 1);
        return open >= 0 && close > open ? name[(open + 1)..close] : null;
    }

    private static void ReportMutableStatics(PEReader pe, MetadataReader reader, TypeDefinition type, TypeDefinitionHandle typeHandle, string assemblyPath, HashSet<string> writtenAfterInit, List<PackageFinding> findings)
    {
        if (type.GetFields().Count == 0)
        {
            return;
        }

        string? visibleType = null;
        var typeIsVisible = IsVisibleOutside(reader, type);
        HashSet<string>? eventNames = null;
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            var attributes = field.Attributes;
            if ((attributes & FieldAttributes.Static) == 0 || (attributes & (FieldAttributes.InitOnly | FieldAttributes.Literal)) != 0)
            {
                continue;
            }

            // Mirrors KPL1001 on what compiled code can show: a static that the package itself changes after type
            // initialization (including through its address: Interlocked, ref), or that any caller can assign.
            var assignableOutside = typeIsVisible && (attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem;
            var name = reader.GetString(field.Name);
            visibleType ??= DocIdTypeNames.TypeName(reader, typeHandle, keepArity: true);
            var docId = "F:" + visibleType + "." + name;
            if (!assignableOutside && !writtenAfterInit.Contains(docId))
            {
                continue;
            }

            string shown;
            if (name.StartsWith('<'))
            {
                // Only static auto-properties with a setter have a writable static backing field.
                if (!name.EndsWith(">k__BackingField", StringComparison.Ordinal))
                {
                    continue;
                }

                shown = BetweenAngles(name)!;
            }
            else
            {
                eventNames ??= EventNames(reader, type);
                if (eventNames.Contains(name))
                {
                    continue; // a field-like event's backing field: reported (if at all) as a subscription
                }

                shown = name;
            }

            string fieldType;
            try
            {
                fieldType = field.DecodeSignature(DocIdTypeNames.ParameterForm, null);
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            if (IsExemptFieldType(fieldType) || HasThreadStatic(reader, field))
            {
                continue;
            }

            findings.Add(new PackageFinding(
                BinaryHazards.MutableStaticField,
                RuleFamilies.StaticState,
                $"static field '{visibleType}.{shown}' ({fieldType}) is not readonly: with the package shared by the base it is one value for every module",
                assemblyPath,
                visibleType,
                shown,
                null,
                docId,
                "load the package per module, or use an adapter that keeps the state per load context")
            {
                ByteOffset = pe.PEHeaders.MetadataStartOffset + reader.GetTableMetadataOffset(TableIndex.Field)
                    + ((long)(System.Reflection.Metadata.Ecma335.MetadataTokens.GetRowNumber(fieldHandle) - 1) * reader.GetTableRowSize(TableIndex.Field)),
            });
        }
    }

    private static bool IsVisibleOutside(MetadataReader reader, TypeDefinition type)
    {
        while (true)
        {
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public)
            {
                return true;
            }

            if (visibility is not (TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem))
            {
                return false;
            }

            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }
    }

    /// <summary>
    /// Lock objects and per-thread/per-flow holders are not shared state (as KPL1001 in source); nor is the lazily created
    /// ResourceManager of a package's own resources (System.SR in every dotnet/runtime package): the same value for every module.
    /// </summary>
    private static bool IsExemptFieldType(string fieldType)
        => fieldType is "System.Object" or "System.Threading.Lock" or "System.Resources.ResourceManager"
            || fieldType.StartsWith("System.Threading.AsyncLocal{", StringComparison.Ordinal)
            || fieldType.StartsWith("System.Threading.ThreadLocal{", StringComparison.Ordinal);

    private static bool HasThreadStatic(MetadataReader reader, FieldDefinition field)
    {
        foreach (var attributeHandle in field.GetCustomAttributes())
        {
            var constructor = reader.GetCustomAttribute(attributeHandle).Constructor;
            if (constructor.Kind == HandleKind.MemberReference
                && reader.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent
                && reader.StringComparer.Equals(reader.GetTypeReference((TypeReferenceHandle)parent).Name, "ThreadStaticAttribute"))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> EventNames(MetadataReader reader, TypeDefinition type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var eventHandle in type.GetEvents())
        {
            names.Add(reader.GetString(reader.GetEventDefinition(eventHandle).Name));
        }

        return names;
    }
}
