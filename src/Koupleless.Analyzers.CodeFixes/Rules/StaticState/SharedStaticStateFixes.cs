using Koupleless.Analyzers.Rules.StaticState;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>What the KPL1001/KPL1002 diagnostics say about their storage, for the fixes that rewrite its declaration.</summary>
internal static class SharedStaticStateFixes
{
    public const string Field = "Field";
    public const string AutoProperty = "AutoProperty";

    public static string? StorageOf(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(SharedStaticStateReport.StorageProperty, out var storage) ? storage : null;

    /// <summary>A field or auto-property declared in this project: its declaration is where a fix goes.</summary>
    public static bool IsDeclaredStorage(Diagnostic diagnostic) => StorageOf(diagnostic) is Field or AutoProperty;
}
