using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Koupleless.Scanner.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Koupleless.Scanner.Engine;

/// <summary>
/// Every analyzer of the Koupleless.Analyzers assembly, found by reflection so a new rule shows up in the scanner
/// without touching it, and the rules they declare.
/// </summary>
public sealed class AnalyzerSet
{
    private AnalyzerSet(ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyList<RuleInfo> rules)
    {
        Analyzers = analyzers;
        Rules = rules;
        RuleIds = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public IReadOnlyList<RuleInfo> Rules { get; }

    public IReadOnlySet<string> RuleIds { get; }

    private static readonly Lazy<AnalyzerSet> Shipped = new(() => Discover());

    /// <summary>The analyzers of this build, discovered once: for reports that describe rules without running them.</summary>
    public static AnalyzerSet Default => Shipped.Value;

    public static AnalyzerSet Discover() => Discover(typeof(Koupleless.Analyzers.RuleIds).Assembly);

    public static AnalyzerSet Discover(Assembly assembly)
    {
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp))
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var rules = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            if (!rules.ContainsKey(descriptor.Id))
            {
                rules[descriptor.Id] = ToRule(descriptor);
            }
        }

        return new AnalyzerSet(analyzers, rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList());
    }

    public static RuleInfo ToRule(DiagnosticDescriptor descriptor) => new(
        descriptor.Id,
        descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
        descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture),
        descriptor.Category,
        RuleFamilies.Of(descriptor.Id),
        descriptor.IsEnabledByDefault ? ToLevel(descriptor.DefaultSeverity) : FindingLevel.None,
        string.IsNullOrEmpty(descriptor.HelpLinkUri) ? null : descriptor.HelpLinkUri);

    public static FindingLevel ToLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => FindingLevel.Error,
        DiagnosticSeverity.Warning => FindingLevel.Warning,
        DiagnosticSeverity.Info => FindingLevel.Note,
        _ => FindingLevel.None,
    };
}
