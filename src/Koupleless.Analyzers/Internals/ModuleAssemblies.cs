using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// The assemblies a module is made of: the project being analysed plus the referenced projects that are part of the
/// same module (their role is Module too, so they load into the module's AssemblyLoadContext and unload with it).
/// The build passes their assembly names in <c>build_property.KouplelessModuleAssemblies</c> (the package's targets
/// ask every referenced project for its KouplelessRole; <c>koupleless scan</c> does the same from the solution). Any
/// other referenced assembly — a package, a Shared project — may be shared by the base, so it is never counted.
/// </summary>
internal static class ModuleAssemblies
{
    public const string PropertyKey = "build_property.KouplelessModuleAssemblies";

    /// <summary>The analysed assembly and the referenced assemblies the property names, read once per compilation.</summary>
    public static ImmutableHashSet<IAssemblySymbol> Of(Compilation compilation, AnalyzerOptions options)
    {
        var assemblies = ImmutableHashSet.CreateBuilder<IAssemblySymbol>(SymbolEqualityComparer.Default);
        assemblies.Add(compilation.Assembly);
        var names = NamesIn(options);
        if (names.Count == 0)
        {
            return assemblies.ToImmutable();
        }

        foreach (var referenced in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (names.Contains(referenced.Identity.Name))
            {
                assemblies.Add(referenced);
            }
        }

        return assemblies.ToImmutable();
    }

    private static HashSet<string> NamesIn(AnalyzerOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var raw) && raw is not null)
        {
            // Comma-separated: in an .editorconfig value a ';' (or '#') starts a comment, so the build joins with ','.
            foreach (var part in raw.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim();
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
