using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Threading;
using ICSharpCode.Decompiler;
using ICSharpCode.Decompiler.CSharp;
using ICSharpCode.Decompiler.CSharp.OutputVisitor;
using ICSharpCode.Decompiler.Metadata;
using ICSharpCode.Decompiler.TypeSystem;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>C# for the analyzers: the types worth judging with their bodies, the rest as declarations to bind against.</summary>
public sealed record DecompiledCode(string Bodies, string Declarations, int TypesWithBodies, int TypesDeclared)
{
    /// <summary>
    /// The types the decompiler failed on in the first pass, written again with the plainer settings of
    /// <see cref="AssemblyDecompiler"/> (records as classes): judged like the others, in a tree of their own.
    /// </summary>
    public string Retried { get; init; } = string.Empty;

    /// <summary>The types the decompiler could not write even then: left out of the judgement, named in the report.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The assembly's <c>InternalsVisibleTo</c> attributes as C#, which writing types does not bring back: the analyzers
    /// read from them whether another assembly may call internal code (UncalledMethods).
    /// </summary>
    public string Friends { get; init; } = string.Empty;
}

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

        var failed = new List<TypeDefinitionHandle>();
        var bodiesText = WriteSkippingFailures(typeSystem, settings, bodies, failed, cancellationToken);
        var declarationsText = WriteSkippingFailures(typeSystem, Settings(decompileBodies: false), declarations, failed, cancellationToken);
        var retried = failed.ToList();
        failed.Clear();
        var retriedText = WriteSkippingFailures(typeSystem, PlainerSettings(), retried, failed, cancellationToken);
        return new DecompiledCode(bodiesText, declarationsText, bodies.Count + retried.Count, declarations.Count)
        {
            Retried = retriedText,
            Skipped = failed.Select(handle => TypeName(metadata, handle)).ToList(),
            Friends = FriendsOf(typeSystem),
        };
    }

    private static string FriendsOf(DecompilerTypeSystem typeSystem)
    {
        var friends = new StringBuilder();
        foreach (var attribute in typeSystem.MainModule.GetAssemblyAttributes())
        {
            if (attribute.AttributeType.FullName == "System.Runtime.CompilerServices.InternalsVisibleToAttribute"
                && attribute.FixedArguments.FirstOrDefault().Value is string friend)
            {
                friends.Append("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"")
                    .Append(friend.Replace("\\", "\\\\").Replace("\"", "\\\""))
                    .AppendLine("\")]");
            }
        }

        return friends.ToString();
    }

    /// <summary>
    /// Writes the types; a type the decompiler throws on is taken out and the rest written again, so one type the
    /// decompiler cannot handle (ICSharpCode.Decompiler 11.2 throws on some records: PuppeteerSharp 25's
    /// <c>StartScreencastCommandResult</c>, held-out set 12) costs that type, not the assembly. The types taken out go
    /// to <paramref name="failed"/>; past <see cref="MaxFailedTypes"/> the assembly is given up, as before.
    /// </summary>
    private static string WriteSkippingFailures(
        DecompilerTypeSystem typeSystem,
        DecompilerSettings settings,
        List<TypeDefinitionHandle> types,
        List<TypeDefinitionHandle> failed,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return Write(typeSystem, settings, types, cancellationToken);
            }
            catch (DecompilerException ex) when (failed.Count < MaxFailedTypes && TopLevelType(ex) is { } type && types.Remove(type))
            {
                failed.Add(type);
            }
        }
    }

    private const int MaxFailedTypes = 8;

    private static TypeDefinitionHandle? TopLevelType(DecompilerException exception)
    {
        var type = exception.DecompiledEntity as ITypeDefinition ?? exception.DecompiledEntity?.DeclaringTypeDefinition;
        while (type?.DeclaringTypeDefinition is { } declaring)
        {
            type = declaring;
        }

        return type?.MetadataToken is { IsNil: false, Kind: HandleKind.TypeDefinition } token ? (TypeDefinitionHandle)token : null;
    }

    private static string TypeName(MetadataReader metadata, TypeDefinitionHandle handle)
        => metadata.GetTypeDefinition(handle).GetFullTypeName(metadata).ToString();

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

    /// <summary>For a second try at the types the first pass failed on: records written as the classes they compile to.</summary>
    private static DecompilerSettings PlainerSettings()
    {
        var settings = Settings(decompileBodies: true);
        settings.RecordClasses = false;
        settings.RecordStructs = false;
        return settings;
    }

    private static bool IsModuleType(MetadataReader metadata, TypeDefinition type)
        => metadata.StringComparer.Equals(type.Name, "<Module>") && type.Namespace.IsNil;
}
