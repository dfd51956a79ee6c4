using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Koupleless.Scanner.Packages.Il;

/// <summary>
/// Which top-level types of an assembly the analyzers need to see with their method bodies — decompiling bodies is
/// most of the cost of judging a package, and most types of most packages cannot produce a finding. A type is selected
/// when it declares static storage that can change after type initialisation, when one of its methods uses an API of
/// <see cref="SelectionTriggers"/>, or when one of its methods can reach such a method or storage through calls
/// (the flow rules need the path from the members a module calls to the storage they fill). The rest is decompiled
/// as declarations only. Over-approximate by design: a virtual call reaches every method of that name, a delegate
/// made from a method counts as a call from where it is made. This reads IL to select work; it decides no verdict.
/// </summary>
internal sealed class CodeSelection
{
    private readonly MetadataReader _metadata;
    private readonly PEReader _pe;
    private readonly SelectionTriggers _triggers;
    private readonly Dictionary<MethodDefinitionHandle, List<MethodDefinitionHandle>> _callers = new();
    private readonly Dictionary<string, List<MethodDefinitionHandle>> _methodsByName = new(StringComparer.Ordinal);
    private readonly HashSet<FieldDefinitionHandle> _storage = new();
    private readonly HashSet<string> _storageNames = new(StringComparer.Ordinal);
    private readonly HashSet<MethodDefinitionHandle> _seeds = new();
    private readonly Dictionary<string, TypeDefinitionHandle> _localTypes = new(StringComparer.Ordinal);

    private CodeSelection(PEReader pe, MetadataReader metadata, SelectionTriggers triggers)
    {
        _pe = pe;
        _metadata = metadata;
        _triggers = triggers;
    }

    /// <summary>The selected top-level types; every other top-level type is needed as declarations only.</summary>
    public static HashSet<TypeDefinitionHandle> TypesWithBodies(PEReader pe, SelectionTriggers triggers)
    {
        var selection = new CodeSelection(pe, pe.GetMetadataReader(), triggers);
        return selection.Select();
    }

    private HashSet<TypeDefinitionHandle> Select()
    {
        var selected = new HashSet<TypeDefinitionHandle>();
        foreach (var handle in _metadata.TypeDefinitions)
        {
            _localTypes[DocIdTypeNames.TypeName(_metadata, handle, keepArity: true)] = handle;
        }

        foreach (var handle in _metadata.TypeDefinitions)
        {
            var type = _metadata.GetTypeDefinition(handle);
            foreach (var fieldHandle in type.GetFields())
            {
                if (IsChangeableStaticStorage(_metadata.GetFieldDefinition(fieldHandle)))
                {
                    _storage.Add(fieldHandle);
                    _storageNames.Add(_metadata.GetString(_metadata.GetFieldDefinition(fieldHandle).Name));
                    selected.Add(TopLevel(handle));
                }
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var name = _metadata.GetString(_metadata.GetMethodDefinition(methodHandle).Name);
                if (!_methodsByName.TryGetValue(name, out var same))
                {
                    _methodsByName[name] = same = new List<MethodDefinitionHandle>();
                }

                same.Add(methodHandle);
            }
        }

        SelectHeldObjectTypes(selected);
        var uses = new List<MemberUse>();
        foreach (var methodHandle in _metadata.MethodDefinitions)
        {
            ReadBody(methodHandle, uses);
        }

        var reachers = Reachers();
        foreach (var method in reachers)
        {
            selected.Add(TopLevel(_metadata.GetMethodDefinition(method).GetDeclaringType()));
        }

        return selected;
    }

    /// <summary>
    /// The object a static storage field holds is storage too when its type is one of this assembly's (a wrapper around
    /// a cache, a default resolver with a per-type cache in an instance field): the flow rules follow its methods, so
    /// the type gets its bodies and its methods count as reaching storage — and so does, one level further, the type of
    /// such an object's own instance fields.
    /// </summary>
    private void SelectHeldObjectTypes(HashSet<TypeDefinitionHandle> selected)
    {
        var held = new HashSet<TypeDefinitionHandle>();
        foreach (var field in _storage)
        {
            if (LocalTypeOf(_metadata.GetFieldDefinition(field)) is { } type && held.Add(type))
            {
                foreach (var inner in _metadata.GetTypeDefinition(type).GetFields())
                {
                    var definition = _metadata.GetFieldDefinition(inner);
                    if ((definition.Attributes & FieldAttributes.Static) == 0 && LocalTypeOf(definition) is { } innerType)
                    {
                        held.Add(innerType);
                    }
                }
            }
        }

        foreach (var type in held)
        {
            selected.Add(TopLevel(type));
            _seeds.UnionWith(_metadata.GetTypeDefinition(type).GetMethods());
        }
    }

    private TypeDefinitionHandle? LocalTypeOf(FieldDefinition field)
        => TypeNameOf(field) is { } name && _localTypes.TryGetValue(name, out var type) ? type : null;

    /// <summary>A field's type as <see cref="DocIdTypeNames.DefinitionForm"/> writes it; null when its signature is malformed.</summary>
    private static string? TypeNameOf(FieldDefinition field)
    {
        try
        {
            return field.DecodeSignature(DocIdTypeNames.DefinitionForm, null);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>The seeds and every method that can call one of them, directly, virtually or through a delegate.</summary>
    private HashSet<MethodDefinitionHandle> Reachers()
    {
        var reached = new HashSet<MethodDefinitionHandle>(_seeds);
        var work = new Stack<MethodDefinitionHandle>(_seeds);
        while (work.Count > 0)
        {
            var method = work.Pop();
            foreach (var target in SameSlot(method).Append(method))
            {
                if (_callers.TryGetValue(target, out var callers))
                {
                    foreach (var caller in callers)
                    {
                        if (reached.Add(caller))
                        {
                            work.Push(caller);
                        }
                    }
                }
            }
        }

        return reached;
    }

    /// <summary>A virtual method is reached by calls to any method it may override or implement: by name, to stay safe.</summary>
    private IEnumerable<MethodDefinitionHandle> SameSlot(MethodDefinitionHandle method)
    {
        var definition = _metadata.GetMethodDefinition(method);
        if ((definition.Attributes & MethodAttributes.Virtual) == 0)
        {
            return Array.Empty<MethodDefinitionHandle>();
        }

        var name = _metadata.GetString(definition.Name);
        var dot = name.LastIndexOf('.'); // an explicit implementation is named "Namespace.IFoo.Bar"
        var slotName = dot > 0 ? name[(dot + 1)..] : name;
        return _methodsByName.TryGetValue(slotName, out var same) ? same : Array.Empty<MethodDefinitionHandle>();
    }

    private void ReadBody(MethodDefinitionHandle methodHandle, List<MemberUse> uses)
    {
        var method = _metadata.GetMethodDefinition(methodHandle);
        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        MethodBodyBlock body;
        try
        {
            body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        }
        catch (BadImageFormatException)
        {
            _seeds.Add(methodHandle); // unreadable IL: let the decompiler (and the analyzers) look at it
            return;
        }

        uses.Clear();
        IlInstructions.ForEachMemberUse(body.GetILBytes(), uses);
        foreach (var use in uses)
        {
            Note(methodHandle, use);
        }
    }

    private void Note(MethodDefinitionHandle caller, MemberUse use)
    {
        var target = use.Target;
        if (target.Kind == HandleKind.MethodSpecification)
        {
            target = _metadata.GetMethodSpecification((MethodSpecificationHandle)target).Method;
        }

        switch (target.Kind)
        {
            case HandleKind.MethodDefinition:
                AddCaller((MethodDefinitionHandle)target, caller);
                break;
            case HandleKind.FieldDefinition when _storage.Contains((FieldDefinitionHandle)target):
                _seeds.Add(caller);
                break;
            case HandleKind.MemberReference:
                NoteReference(caller, (MemberReferenceHandle)target);
                break;
        }
    }

    private void NoteReference(MethodDefinitionHandle caller, MemberReferenceHandle handle)
    {
        var reference = _metadata.GetMemberReference(handle);
        var name = _metadata.GetString(reference.Name);
        string? typeName;
        try
        {
            typeName = reference.Parent.Kind switch
            {
                HandleKind.TypeReference => DocIdTypeNames.TypeName(_metadata, (TypeReferenceHandle)reference.Parent, keepArity: true),
                HandleKind.TypeSpecification => _metadata.GetTypeSpecification((TypeSpecificationHandle)reference.Parent).DecodeSignature(DocIdTypeNames.DefinitionForm, null),
                HandleKind.TypeDefinition => null,
                _ => null,
            };
        }
        catch (BadImageFormatException)
        {
            typeName = null;
        }

        if (typeName is not null && _triggers.Selects(typeName, name))
        {
            _seeds.Add(caller);
        }

        // A member of one of this assembly's generic types is referenced through its instantiation: every method of
        // that name of that type may be the target (a framework generic, such as a collection, is not this assembly's).
        if (reference.Parent.Kind == HandleKind.TypeSpecification && typeName is not null && _localTypes.TryGetValue(typeName, out var generic))
        {
            foreach (var method in _metadata.GetTypeDefinition(generic).GetMethods())
            {
                if (_metadata.StringComparer.Equals(_metadata.GetMethodDefinition(method).Name, name))
                {
                    AddCaller(method, caller);
                }
            }
        }

        if (reference.GetKind() == MemberReferenceKind.Field && _storageNames.Contains(name))
        {
            _seeds.Add(caller);
        }
    }

    private void AddCaller(MethodDefinitionHandle target, MethodDefinitionHandle caller)
    {
        if (!_callers.TryGetValue(target, out var callers))
        {
            _callers[target] = callers = new List<MethodDefinitionHandle>();
        }

        callers.Add(caller);
    }

    /// <summary>
    /// Static storage whose value can change after the type is initialised: any static field that is not a constant,
    /// except a read-only one of a type nothing can change (a string, a number, a Type or reflection member, a delegate).
    /// </summary>
    private bool IsChangeableStaticStorage(FieldDefinition field)
    {
        var attributes = field.Attributes;
        if ((attributes & FieldAttributes.Static) == 0 || (attributes & FieldAttributes.Literal) != 0)
        {
            return false;
        }

        if ((attributes & FieldAttributes.InitOnly) == 0)
        {
            return true;
        }

        // A malformed signature stays storage: the decompiler and the analyzers look at it.
        return TypeNameOf(field) is not { } type || !IsUnchangeable(type);
    }

    private static bool IsUnchangeable(string type) => type switch
    {
        "System.String" or "System.Boolean" or "System.Char" or "System.Byte" or "System.SByte" or "System.Int16" or "System.UInt16"
            or "System.Int32" or "System.UInt32" or "System.Int64" or "System.UInt64" or "System.Single" or "System.Double"
            or "System.Decimal" or "System.IntPtr" or "System.UIntPtr" or "System.Guid" or "System.TimeSpan" or "System.DateTime"
            or "System.DateTimeOffset" or "System.Type" or "System.Object" or "System.Text.RegularExpressions.Regex" => true,
        // A delegate cannot be changed either; an array can (its elements), so it stays storage.
        _ => !type.EndsWith("[]", StringComparison.Ordinal)
            && (type.StartsWith("System.Reflection.", StringComparison.Ordinal) || type.StartsWith("System.Func`", StringComparison.Ordinal)
                || type.StartsWith("System.Action", StringComparison.Ordinal)),
    };

    private TypeDefinitionHandle TopLevel(TypeDefinitionHandle handle)
    {
        while (true)
        {
            var declaring = _metadata.GetTypeDefinition(handle).GetDeclaringType();
            if (declaring.IsNil)
            {
                return handle;
            }

            handle = declaring;
        }
    }
}
