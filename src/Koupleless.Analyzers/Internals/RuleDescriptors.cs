using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>Builds descriptors the same way for every rule: help link to docs/rules/ID.md, enabled by default.</summary>
internal static class RuleDescriptors
{
    public const string HelpLinkBase = "https://github.com/koupleless/koupleless-analyzers/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        params string[] customTags)
        => new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLink(id), customTags);
}
