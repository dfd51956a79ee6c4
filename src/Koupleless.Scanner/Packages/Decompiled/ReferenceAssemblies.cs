using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using ICSharpCode.Decompiler.Metadata;
using Koupleless.Scanner.Engine;
using Microsoft.CodeAnalysis;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// What decompiled package code is bound against: the framework reference pack, then the assemblies of every package
/// of the closure (a package's dependencies are in its closure). An assembly the framework also has (System.Text.Json
/// shipped as a package) is taken from the framework, as the SDK's conflict resolution does for a current target.
/// Each reference is created once and shared by every compilation of the run. An assembly that references ASP.NET Core's
/// shared framework (a library declaring <c>&lt;frameworkReference name="Microsoft.AspNetCore.App"/&gt;</c>: Carter,
/// YARP) is bound against its reference pack too, when the SDK has it: those types are in no package (Carter 10.0.0
/// compiled with 107 binding errors without it, held-out set 14). A package's own assembly of the same name wins.
/// </summary>
public sealed class ReferenceAssemblies
{
    private readonly IReadOnlyDictionary<string, string> _frameworkFiles;
    private readonly IReadOnlyDictionary<string, PackageAssembly> _packageAssemblies;
    private readonly IReadOnlyDictionary<string, string> _aspNetCoreFiles;
    private readonly ConcurrentDictionary<string, MetadataReference> _references = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, MetadataFile?> _decompilerFiles = new(StringComparer.OrdinalIgnoreCase);

    public ReferenceAssemblies(IEnumerable<PackageAssembly> closure)
    {
        _frameworkFiles = FrameworkReferencePack.Assemblies
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);

        // Two packages with an assembly of the same name (a RID-specific copy, two versions): the first read wins.
        _packageAssemblies = closure
            .Where(a => !_frameworkFiles.ContainsKey(a.Name))
            .GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        _aspNetCoreFiles = FrameworkReferencePack.PackAssemblies("Microsoft.AspNetCore.App.Ref")
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .Where(g => !_frameworkFiles.ContainsKey(g.Key!) && !_packageAssemblies.ContainsKey(g.Key!))
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every reference except the assembly being compiled itself.</summary>
    public IReadOnlyList<MetadataReference> For(PackageAssembly compiled)
    {
        var result = new List<MetadataReference>(_frameworkFiles.Count + _packageAssemblies.Count);
        foreach (var (name, file) in _frameworkFiles)
        {
            result.Add(_references.GetOrAdd("fx:" + name, _ => MetadataReference.CreateFromFile(file)));
        }

        foreach (var (name, assembly) in _packageAssemblies)
        {
            if (!string.Equals(name, compiled.Name, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(_references.GetOrAdd("pkg:" + name, _ => MetadataReference.CreateFromImage(assembly.Image, filePath: assembly.PathInPackage)));
            }
        }

        if (compiled.ReferencedNames.Any(_aspNetCoreFiles.ContainsKey))
        {
            foreach (var (name, file) in _aspNetCoreFiles)
            {
                result.Add(_references.GetOrAdd("aspnetcore:" + name, _ => MetadataReference.CreateFromFile(file)));
            }
        }

        return result;
    }

    /// <summary>The same set for the decompiler's type system (it needs the referenced types to write correct C#).</summary>
    public IAssemblyResolver DecompilerResolver() => new Resolver(this);

    private MetadataFile? Open(string name)
    {
        return _decompilerFiles.GetOrAdd(name, n =>
        {
            try
            {
                if (_frameworkFiles.TryGetValue(n, out var file))
                {
                    return new PEFile(file, PEStreamOptions.PrefetchMetadata);
                }

                if (_packageAssemblies.TryGetValue(n, out var assembly))
                {
                    return new PEFile(assembly.PathInPackage, new MemoryStream(assembly.Image, writable: false), PEStreamOptions.PrefetchEntireImage);
                }

                return _aspNetCoreFiles.TryGetValue(n, out var aspNetCoreFile) ? new PEFile(aspNetCoreFile, PEStreamOptions.PrefetchMetadata) : null;
            }
            catch (Exception ex) when (ex is BadImageFormatException or IOException or MetadataFileNotSupportedException)
            {
                return null;
            }
        });
    }

    private sealed class Resolver : IAssemblyResolver
    {
        private readonly ReferenceAssemblies _owner;

        public Resolver(ReferenceAssemblies owner) => _owner = owner;

        public MetadataFile? Resolve(IAssemblyReference reference) => _owner.Open(reference.Name);

        public MetadataFile? ResolveModule(MetadataFile mainModule, string moduleName) => null;

        public Task<MetadataFile?> ResolveAsync(IAssemblyReference reference) => Task.FromResult(Resolve(reference));

        public Task<MetadataFile?> ResolveModuleAsync(MetadataFile mainModule, string moduleName) => Task.FromResult<MetadataFile?>(null);

        public IDisposable BeginSnapshot() => new Snapshot();

        private sealed class Snapshot : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
