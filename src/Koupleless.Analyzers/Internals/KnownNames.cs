using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// Whether a constant type or assembly name can only mean something the default load context has anyway: a
/// framework assembly, this compilation's own assembly or one it references. Such names resolve the same in every
/// context; a name the compilation does not know may be a module's, which the default context does not find.
/// </summary>
internal static class KnownNames
{
    public static bool IsKnownAssemblyName(string displayName, Compilation compilation)
    {
        var simpleName = displayName.Split(',')[0].Trim();
        if (simpleName.Length == 0)
        {
            return false;
        }

        if (IsFrameworkAssembly(simpleName) || string.Equals(simpleName, compilation.AssemblyName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return compilation.ReferencedAssemblyNames.Any(r => string.Equals(r.Name, simpleName, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsFrameworkAssembly(string simpleName)
        => simpleName is "mscorlib" or "netstandard" or "System" or "System.Private.CoreLib"
            || simpleName.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>
    /// A type name as Type.GetType reads it: "Ns.Type", "Ns.Type, Assembly, Version=…", "Ns.Generic`1[[Ns.Arg, Asm]]",
    /// arrays and nested "+" types. Every assembly named in it must be known; an unqualified type must exist in the
    /// compilation (Type.GetType looks only in the caller's assembly and the core library for those).
    /// </summary>
    public static bool IsKnownTypeName(string typeName, Compilation compilation) => IsKnownTypeName(typeName, compilation, 0);

    /// <summary>
    /// Generic arguments nested deeper than this are not read: the name counts as unknown (reported). Each level
    /// recurses and rescans the text, so a constant nested thousands deep would otherwise overflow the stack (which
    /// ends the compiler or IDE process, worse than AD0001) or take seconds; real type names nest a few levels.
    /// </summary>
    private const int MaxGenericDepth = 16;

    private static bool IsKnownTypeName(string typeName, Compilation compilation, int depth)
    {
        if (depth > MaxGenericDepth)
        {
            return false;
        }

        var (typePart, assemblyPart) = SplitAtTopLevelComma(typeName.Trim());
        if (assemblyPart is not null && !IsKnownAssemblyName(assemblyPart, compilation))
        {
            return false;
        }

        var bracket = typePart.IndexOf('[');
        var definition = (bracket < 0 ? typePart : typePart.Substring(0, bracket)).TrimEnd('&', '*').Trim();
        if (definition.Length == 0)
        {
            return false;
        }

        if (bracket >= 0 && !GenericArguments(typePart.Substring(bracket)).All(argument => IsKnownTypeName(argument, compilation, depth + 1)))
        {
            return false;
        }

        return assemblyPart is not null || compilation.GetTypeByMetadataName(definition) is not null;
    }

    private static (string Type, string? Assembly) SplitAtTopLevelComma(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            switch (name[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    return (name.Substring(0, i).Trim(), name.Substring(i + 1).Trim());
            }
        }

        return (name, null);
    }

    /// <summary>The arguments of the first bracket group, "[[A, X],[B]]" → "A, X", "B"; array ranks "[]", "[,]" have none.</summary>
    private static IEnumerable<string> GenericArguments(string brackets)
    {
        var end = MatchingBracket(brackets, 0);
        if (end < 0)
        {
            yield break;
        }

        var inner = brackets.Substring(1, end - 1);
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= inner.Length; i++)
        {
            var c = i < inner.Length ? inner[i] : ',';
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                var argument = inner.Substring(start, i - start).Trim();
                if (argument.StartsWith("[", StringComparison.Ordinal) && argument.EndsWith("]", StringComparison.Ordinal))
                {
                    argument = argument.Substring(1, argument.Length - 2);
                }

                if (argument.Length > 0 && argument != "*")
                {
                    yield return argument;
                }

                start = i + 1;
            }
        }
    }

    private static int MatchingBracket(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
