using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Koupleless.Testing.CrossTalk;

/// <summary>
/// What the copies changed process-wide, and which later copy ran with the value: copy B sees what copy A wrote
/// (DESIGN.md, "Static-state sharing").
/// </summary>
public sealed record CrossTalkReport(IReadOnlyList<StateChange> Changes)
{
    internal static CrossTalkReport From(IReadOnlyList<CopyRun> runs)
    {
        var changes = new List<StateChange>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            foreach (var key in run.Before.Keys.Union(run.After.Keys).Order(StringComparer.Ordinal))
            {
                var before = run.Before.GetValueOrDefault(key) ?? "(unset)";
                var after = run.After.GetValueOrDefault(key) ?? "(unset)";
                if (before == after)
                {
                    continue;
                }

                // A later copy ran with the value when it was still in place as that copy started.
                var seenBy = runs.Skip(i + 1)
                    .Where(later => (later.Before.GetValueOrDefault(key) ?? "(unset)") == after)
                    .Select(later => later.Copy)
                    .Where(copy => copy != run.Copy)
                    .Distinct()
                    .ToList();
                changes.Add(new StateChange(key, before, after, run.Copy, seenBy));
            }
        }

        return new CrossTalkReport(changes);
    }

    public string Format()
    {
        var text = new StringBuilder();
        foreach (var change in Changes)
        {
            text.Append("  ").AppendLine(change.Summary);
        }

        return text.ToString();
    }
}

/// <summary>One process-wide value a copy changed.</summary>
/// <param name="SeenBy">The copies that started while the value was in place (they ran with it).</param>
public sealed record StateChange(string State, string Before, string After, string ChangedBy, IReadOnlyList<string> SeenBy)
{
    /// <summary>The rule that describes the change: KPL1005 for a library singleton of the catalog, else KPL1003.</summary>
    public string RuleId => State.StartsWith(ProcessState.LibrarySingletonPrefix, System.StringComparison.Ordinal) ? "KPL1005" : "KPL1003";

    public string Summary
        => $"{ChangedBy} changed {State}: '{Before}' → '{After}'"
            + (SeenBy.Count > 0 ? $"; {string.Join(", ", SeenBy)} ran with the value {ChangedBy} set" : "");
}
