using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>KPL3001: dispose the timer in the module's AssemblyLoadContext.Unloading event, right after it is stored.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UndisposedTimerFixer)), Shared]
public sealed class UndisposedTimerFixer : UnloadingReleaseFixer
{
    public const string DisposeOnUnloadKey = "KPL3001.DisposeOnUnload";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UndisposedTimer);

    protected override string Title => "Dispose the timer when the module unloads";

    protected override string EquivalenceKey => DisposeOnUnloadKey;

    protected override string? Release(SyntaxNode creation)
        => UnloadingRelease.StoredName(creation) is { } name ? name + ".Dispose()" : null;
}
