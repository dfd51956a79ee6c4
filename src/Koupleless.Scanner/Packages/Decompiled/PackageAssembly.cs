using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>One managed assembly of a package's chosen lib/ (or runtimes/&lt;rid&gt;/lib/) folder, read into memory.</summary>
public sealed class PackageAssembly
{
    private PackageAssembly(string package, string pathInPackage, string name, ImmutableArray<byte> publicKey, ImmutableHashSet<string> referencedNames, byte[] image)
    {
        Package = package;
        PathInPackage = pathInPackage;
        Name = name;
        PublicKey = publicKey;
        ReferencedNames = referencedNames;
        Image = image;
    }

    /// <summary>"Id@Version" of the package it came from.</summary>
    public string Package { get; }

    /// <summary>Its entry in the package, e.g. "lib/net8.0/Newtonsoft.Json.dll".</summary>
    public string PathInPackage { get; }

    /// <summary>The assembly's simple name, from its metadata (not from the file name).</summary>
    public string Name { get; }

    /// <summary>
    /// The strong-name public key (empty when unsigned). The decompiled code is compiled under it, so the
    /// InternalsVisibleTo of its sibling assemblies ("Microsoft.CodeAnalysis.CSharp, PublicKey=...") admit it as they
    /// admit the original: without it every use of a friend's internals is a compile error and goes unbound.
    /// </summary>
    public ImmutableArray<byte> PublicKey { get; }

    /// <summary>The simple names of the assemblies it references (its metadata's AssemblyRef table).</summary>
    public ImmutableHashSet<string> ReferencedNames { get; }

    public byte[] Image { get; }

    /// <summary>Null (with the reason) when the bytes are not a managed assembly: a native library, a corrupt image.</summary>
    public static PackageAssembly? TryRead(string package, string pathInPackage, byte[] image, out string? problem)
    {
        try
        {
            using var reader = new PEReader(new MemoryStream(image, writable: false));
            if (!reader.HasMetadata)
            {
                problem = null; // a native library shipped next to the managed ones: nothing to judge
                return null;
            }

            var metadata = reader.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                problem = $"{pathInPackage}: a module without an assembly manifest; not judged";
                return null;
            }

            problem = null;
            var definition = metadata.GetAssemblyDefinition();
            var publicKey = definition.PublicKey.IsNil ? ImmutableArray<byte>.Empty : metadata.GetBlobContent(definition.PublicKey);
            var referencedNames = metadata.AssemblyReferences
                .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
                .ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
            return new PackageAssembly(package, pathInPackage, metadata.GetString(definition.Name), publicKey, referencedNames, image);
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException)
        {
            problem = $"{pathInPackage}: not a readable assembly ({ex.Message})";
            return null;
        }
    }
}
