using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>The call that releases the resource a KPL3001 or KPL3006 diagnostic reports, as the analyzer recorded it.</summary>
internal static class ResourceReleaseCall
{
    public static string? For(Diagnostic diagnostic)
    {
        if (diagnostic.Id == RuleIds.UndisposedTimer)
        {
            // Every timer the rule reports (System.Threading, System.Timers, PeriodicTimer) is released by Dispose().
            return diagnostic.Properties.TryGetValue(UndisposedTimerAnalyzer.ReleaseProperty, out var release) && release is not null
                ? release + "()"
                : null;
        }

        return diagnostic.Id == RuleIds.UnreleasedRuntimeCallback
            && diagnostic.Properties.TryGetValue(UnreleasedRuntimeCallbackAnalyzer.ReleaseCallProperty, out var call)
                ? call
                : null;
    }

    /// <summary>Whether the analyzer saw the resource stored in a storage of <paramref name="kind"/>.</summary>
    public static bool IsStoredIn(Diagnostic diagnostic, string kind)
        => diagnostic.Properties.TryGetValue(UnreleasedRuntimeCallbackAnalyzer.StorageProperty, out var storage) && storage == kind;
}
