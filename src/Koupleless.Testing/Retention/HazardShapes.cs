using System;
using System.Collections.Generic;
using System.Linq;
using Koupleless.Testing.CrossTalk;

namespace Koupleless.Testing.Retention;

/// <summary>
/// Which hazard a retention path is (KPL3xxx, or the KPL1xxx state that holds module objects), read from the types on it and its root: the first matching line wins.
/// Data, like the catalog: a new shape is a line here and a test.
/// </summary>
internal static class HazardShapes
{
    private sealed record Shape(string Name, string? RuleId, Func<string, IReadOnlyList<string>, bool> Matches);

    /// <summary>The statics behind the process-wide state of the taxonomy (KPL1003) that can hold a module object.</summary>
    private static readonly string[] ProcessWideStatics =
    {
        "System.Console.s_out", "System.Console.s_error", "System.Console.s_in", "System.Globalization.CultureInfo.s_DefaultThread",
        "System.Diagnostics.Trace", "System.Diagnostics.TraceInternal", "System.AppContext.s_dataStore", "System.AppContext.s_switches",
    };

    private static readonly Shape[] Table =
    {
        // Before "event" and "GC handle": a handler on the context's Resolving, or the module's own context type, is held
        // through the context, which the runtime keeps by a strong handle because it can never unload.
        new("non-collectible load context", "KPL3007", (root, types) => root.StartsWith("GC handle", StringComparison.Ordinal)
            && types.Count > 1 && types[1].Contains(ObjectNames.NonCollectibleLoadContext, StringComparison.Ordinal)),
        new("timer", "KPL3001", (root, types) => root.Contains("TimerQueue", StringComparison.Ordinal)
            || types.Any(t => t.StartsWith("System.Threading.TimerQueueTimer", StringComparison.Ordinal) || t.StartsWith("System.Timers.Timer", StringComparison.Ordinal))),
        new("runtime registration", "KPL3006", (_, types) => types.Any(t => t.StartsWith("System.Threading.RegisteredWaitHandle", StringComparison.Ordinal)
            || t.StartsWith("System.Threading.CancellationTokenSource", StringComparison.Ordinal))),
        new("thread", "KPL3002", (root, types) => root.StartsWith("stack of thread", StringComparison.Ordinal)
            || types.Any(t => t.StartsWith("System.Threading.Thread ", StringComparison.Ordinal))),
        new("listener registration", "KPL3005", (_, types) => types.Any(t => t.StartsWith("System.Diagnostics.DiagnosticListener", StringComparison.Ordinal)
            || t.StartsWith("System.Diagnostics.ActivitySource", StringComparison.Ordinal) || t.StartsWith("System.Diagnostics.ActivityListener", StringComparison.Ordinal))),
        new("C# runtime binder cache", "KPL3011", (_, types) => types.Any(t => t.StartsWith("Microsoft.CSharp.RuntimeBinder.", StringComparison.Ordinal))),
        new("framework type cache", "KPL3010", (_, types) => types.Any(t => t.StartsWith("System.Text.Json.", StringComparison.Ordinal)
            || t.StartsWith("System.ComponentModel.", StringComparison.Ordinal) || t.StartsWith("Newtonsoft.Json.Serialization.", StringComparison.Ordinal)
            || t.StartsWith("System.Data.", StringComparison.Ordinal))),
        new("GC handle", "KPL3004", (root, types) => root.StartsWith("GC handle", StringComparison.Ordinal) && types.Count == 2),
        new("library singleton", "KPL1005", (root, _) => CatalogSingletons.IsRoot(root)),
        new("process-wide state", "KPL1003", (root, _) => ProcessWideStatics.Any(field => root.StartsWith("static field " + field, StringComparison.Ordinal))),
        new("event", "KPL3003", (_, types) => types.Any(t => t.Contains(" → ", StringComparison.Ordinal))),
        new("static field of shared code", "KPL1002", (root, _) => root.StartsWith("static field", StringComparison.Ordinal)),
    };

    /// <param name="root">The root's description.</param>
    /// <param name="objects">The objects of the path as <see cref="ObjectNames"/> describes them (delegates carry " → method").</param>
    public static (string Name, string? RuleId) Classify(string root, IReadOnlyList<string> objects)
    {
        // The root is on the path too: a static of TypeDescriptor or System.Text.Json is the cache itself.
        var onPath = objects.Prepend(root.StartsWith("static field ", StringComparison.Ordinal) ? root["static field ".Length..] : "").ToList();
        var shape = Array.Find(Table, s => s.Matches(root, onPath));
        return shape is null ? ("reference", null) : (shape.Name, shape.RuleId);
    }
}
