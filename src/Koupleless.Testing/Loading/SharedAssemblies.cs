using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Koupleless.Testing.Loading;

/// <summary>
/// Which assemblies the base shares with its modules (they load once, in the default context). By default those of
/// the process itself, i.e. the test project's: its output folder is the base's view.
/// </summary>
public sealed class SharedAssemblies
{
    private readonly HashSet<string> _names;

    private SharedAssemblies(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every assembly the default context resolves: the framework and the test project's own references.</summary>
    public static SharedAssemblies OfThisProcess()
        => new(TrustedPlatformAssemblies().Select(Path.GetFileNameWithoutExtension).OfType<string>());

    /// <summary>Only the framework, plus the assemblies named: what a base that shares nothing else looks like.</summary>
    public static SharedAssemblies FrameworkAnd(IEnumerable<string> names)
        => new(FrameworkAssemblies().Concat(names));

    public bool IsShared(AssemblyName name) => name.Name is { } simple && _names.Contains(simple);

    /// <summary>
    /// Adds the base's own assemblies: files, and folders (every .dll in them, e.g. the base's build output). They load
    /// into the default context when first asked for, as the base's probing would find them; this process's deps.json
    /// does not list them.
    /// </summary>
    public SharedAssemblies With(IEnumerable<string> paths)
    {
        var names = new HashSet<string>(_names, StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            var found = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.dll")
                : File.Exists(path) ? new[] { path }
                : throw new FileNotFoundException($"No shared assembly or folder at {path}.", path);
            foreach (var file in found)
            {
                var name = Path.GetFileNameWithoutExtension(file);
                names.Add(name);
                files.TryAdd(name, file);
            }
        }

        // A module's reference binds by name, which the default context's own probing would not find here.
        AssemblyLoadContext.Default.Resolving += (context, wanted)
            => wanted.Name is { } simple && files.TryGetValue(simple, out var file) ? context.LoadFromAssemblyPath(file) : null;
        return new SharedAssemblies(names);
    }

    private static IEnumerable<string> TrustedPlatformAssemblies()
        => ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> FrameworkAssemblies()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return TrustedPlatformAssemblies()
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Select(path => Path.GetFileNameWithoutExtension(path)!);
    }
}
