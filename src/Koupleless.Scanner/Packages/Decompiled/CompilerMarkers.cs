using System.Linq;
using ICSharpCode.Decompiler.CSharp.Syntax;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// The attributes the compiler puts on what it generates for an auto-property (<c>[CompilerGenerated]</c> on the backing
/// field and the accessors, <c>[DebuggerBrowsable]</c> on the field). The analyzers skip compiler-generated storage, so
/// decompiled code that stands for a user's auto-property must not carry them.
/// </summary>
internal static class CompilerMarkers
{
    public static void RemoveCompilerGenerated(AstNodeCollection<AttributeSection> sections) => Remove(sections, "CompilerGenerated");

    public static void RemoveBackingFieldMarkers(AstNodeCollection<AttributeSection> sections) => Remove(sections, "CompilerGenerated", "DebuggerBrowsable");

    private static void Remove(AstNodeCollection<AttributeSection> sections, params string[] names)
    {
        foreach (var section in sections.ToList())
        {
            foreach (var attribute in section.Attributes.Where(a => IsNamed(a, names)).ToList())
            {
                attribute.Remove();
            }

            if (!section.Attributes.Any())
            {
                section.Remove();
            }
        }
    }

    // The decompiler writes the short name when the namespace is imported, the qualified one otherwise.
    private static bool IsNamed(Attribute attribute, string[] names)
    {
        var written = attribute.Type.ToString();
        var simple = written[(written.LastIndexOf('.') + 1)..];
        return names.Any(n => simple == n || simple == n + "Attribute");
    }
}
