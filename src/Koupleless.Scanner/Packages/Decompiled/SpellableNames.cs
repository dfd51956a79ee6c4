using System.Linq;
using System.Text;
using ICSharpCode.Decompiler.CSharp.Syntax;

namespace Koupleless.Scanner.Packages.Decompiled;

/// <summary>
/// Compiler-generated names C# cannot spell, made spellable so the decompiled code parses: the backing field of an
/// auto-property that neither the decompiler nor <see cref="AutoPropertyFolding"/> could fold back (a use of the field that
/// the property cannot stand for, such as a <c>ref</c> argument: "&lt;Hits&gt;k__BackingField"), source-generated types
/// ("&lt;RegexGenerator_g&gt;F…__Utilities"), transparent identifiers of query expressions. Left as they are, each is a
/// parse error that takes its declaration — and the findings on it — with it. A renamed backing field keeps a
/// recognisable form (<see cref="PropertyOfBackingField"/>), so a finding on it is attributed to its property, as in source.
/// </summary>
public static class SpellableNames
{
    private const string BackingFieldSuffix = "__BackingField";

    public static void Apply(SyntaxTree tree)
    {
        foreach (var field in tree.Descendants.OfType<FieldDeclaration>().Where(f => f.Variables.Any(v => IsBackingField(v.Name))).ToList())
        {
            // The field stands for the auto-property of the source, which the analyzers judge as user code: drop the
            // [CompilerGenerated] marker they skip compiler storage by.
            CompilerMarkers.RemoveCompilerGenerated(field.Attributes);
        }

        foreach (var identifier in tree.Descendants.OfType<Identifier>().ToList())
        {
            if (identifier.Name.IndexOfAny(new[] { '<', '>' }) >= 0)
            {
                identifier.Name = Spell(identifier.Name);
            }
        }
    }

    private static bool IsBackingField(string name) => name.StartsWith('<') && name.EndsWith(">k__BackingField", System.StringComparison.Ordinal);

    /// <summary>"&lt;Name&gt;k__BackingField" → "Name__BackingField"; any other '&lt;', '&gt;' or character C# cannot spell → '_'.</summary>
    public static string Spell(string name)
    {
        if (IsBackingField(name))
        {
            return Spell(name[1..^">k__BackingField".Length]) + BackingFieldSuffix;
        }

        var spelled = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            spelled.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return spelled.Length > 0 && char.IsDigit(spelled[0]) ? "_" + spelled : spelled.ToString();
    }

    /// <summary>The property a renamed backing field belongs to, or null when the name is not one.</summary>
    public static string? PropertyOfBackingField(string fieldName)
        => fieldName.EndsWith(BackingFieldSuffix, System.StringComparison.Ordinal) && fieldName.Length > BackingFieldSuffix.Length
            ? fieldName[..^BackingFieldSuffix.Length]
            : null;
}
