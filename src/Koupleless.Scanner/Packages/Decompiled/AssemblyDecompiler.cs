using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading;
using ICSharpCode.Decompiler;
using ICSharpCode.Decompiler.CSharp;
using ICSharpCode.Decompiler.CSharp.OutputVisitor;
using ICSharpCode.Decompiler.Metadata;
using ICSharpCode.Decompiler.TypeSystem;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>C# for the analyzers: the types worth judging with their bodies, the rest as declarations to bind against.</summary>
public sealed record DecompiledCode(string Bodies, string Declarations, int TypesWithBodies, int TypesDeclared);

/// <summary>
/// Turns a package assembly back into C# with ICSharpCode.Decompiler. Only the types the selection names get their
/// method bodies decompiled (the expensive part); every other type is written as declarations only, so that the
/// compilation still knows every type and member the judged code uses. Both share one type system.
/// </summary>
public static class AssemblyDecompiler
{
    public static DecompiledCode Decompile(PackageAssembly assembly, IAssemblyResolver resolver, DecompileScope scope, CancellationToken cancellationToken)
    {
        using var file = new PEFile(assembly.PathInPackage, new MemoryStream(assembly.Image, writable: false), PEStreamOptions.PrefetchEntireImage);
        var selected = scope.TypesWithBodies(file.Reader);
        var settings = Settings(decompileBodies: true);
        var typeSystem = new DecompilerTypeSystem(file, resolver, settings);
        var metadata = file.Metadata;

        var bodies = new List<TypeDefinitionHandle>();
        var declarations = new List<TypeDefinitionHandle>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (!type.GetDeclaringType().IsNil || CSharpDecompiler.MemberIsHidden(file, handle, settings) || IsModuleType(metadata, type))
            {
                continue; // nested types come with their declaring type
            }

            (selected is null || selected.Contains(handle) ? bodies : declarations).Add(handle);
        }

        return new DecompiledCode(
            Write(typeSystem, settings, bodies, cancellationToken),
            Write(typeSystem, Settings(decompileBodies: false), declarations, cancellationToken),
            bodies.Count,
            declarations.Count);
    }

    private static string Write(DecompilerTypeSystem typeSystem, DecompilerSettings settings, List<TypeDefinitionHandle> types, CancellationToken cancellationToken)
    {
        if (types.Count == 0)
        {
            return string.Empty;
        }

        var decompiler = new CSharpDecompiler(typeSystem, settings) { CancellationToken = cancellationToken };
        var tree = decompiler.DecompileTypes(types);
        AutoPropertyFolding.Apply(tree); // before SpellableNames: it reads the compiler's names and symbols
        SpellableNames.Apply(tree);
        var writer = new StringWriter();
        tree.AcceptVisitor(new CSharpOutputVisitor(writer, settings.CSharpFormattingOptions));
        return writer.ToString();
    }

    private static DecompilerSettings Settings(bool decompileBodies) => new(ICSharpCode.Decompiler.CSharp.LanguageVersion.Latest)
    {
        ThrowOnAssemblyResolveErrors = false,
        ShowXmlDocumentation = false,
        DecompileMemberBodies = decompileBodies,
        // Analysis needs no debugger-friendly output; keep what the analyzers look at close to the source.
        UseDebugSymbols = false,
    };

    private static bool IsModuleType(MetadataReader metadata, TypeDefinition type)
        => metadata.StringComparer.Equals(type.Name, "<Module>") && type.Namespace.IsNil;
}
