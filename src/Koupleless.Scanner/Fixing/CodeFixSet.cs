using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Scanner.Fixing;

/// <summary>
/// Every C# code fix provider of the Koupleless.Analyzers.CodeFixes assembly, found by reflection over
/// [ExportCodeFixProvider] the way <see cref="Engine.AnalyzerSet"/> finds the analyzers, so a new fixer is applied
/// by `koupleless fix` without touching it.
/// </summary>
public sealed class CodeFixSet
{
    private readonly IReadOnlyDictionary<string, ImmutableArray<CodeFixProvider>> _byId;

    public CodeFixSet(IEnumerable<CodeFixProvider> providers)
    {
        _byId = providers
            .SelectMany(p => p.FixableDiagnosticIds.Select(id => (Id: id, Provider: p)))
            .GroupBy(x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Provider).ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The diagnostic IDs some provider can fix.</summary>
    public IEnumerable<string> FixableIds => _byId.Keys;

    public ImmutableArray<CodeFixProvider> For(string diagnosticId)
        => _byId.TryGetValue(diagnosticId, out var providers) ? providers : ImmutableArray<CodeFixProvider>.Empty;

    public static CodeFixSet Discover() => Discover(typeof(Koupleless.Analyzers.CodeFixes.Rules.StaticState.MutableStaticFieldFixer).Assembly);

    public static CodeFixSet Discover(Assembly assembly) => new(assembly.GetTypes()
        .Where(t => !t.IsAbstract
            && typeof(CodeFixProvider).IsAssignableFrom(t)
            && t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp))
            && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!));
}
