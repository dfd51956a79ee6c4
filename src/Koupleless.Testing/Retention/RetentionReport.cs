using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Koupleless.Testing.Retention;

/// <summary>Every retention path found for the copies that stayed, and how long finding them took.</summary>
/// <param name="Error">Why no path could be computed (no snapshot, no matching runtime), else null.</param>
public sealed record RetentionReport(IReadOnlyList<RetentionPath> Paths, TimeSpan ExplainTime, string? Error = null)
{
    /// <summary>How the heap was read: "attached" (a helper process read the live process) or "snapshot" (a core dump).</summary>
    public string Source { get; init; } = "";

    /// <summary>Objects of the base the walk went through: what the explanation's time grows with.</summary>
    public int ObjectsWalked { get; init; }

    public string Format()
    {
        if (Error is not null)
        {
            return "The retention path could not be computed: " + Error;
        }

        if (Paths.Count == 0)
        {
            return "No reference from a GC root to the module was found (a thread may still be running module code that holds no object of it).";
        }

        var text = new StringBuilder();
        foreach (var copy in Paths.GroupBy(p => p.Copy))
        {
            text.Append(copy.Key).Append(" is kept by ").Append(copy.Count()).AppendLine(copy.Count() == 1 ? " path:" : " paths:");
            foreach (var path in copy)
            {
                text.Append(path.Format());
            }
        }

        text.Append("(explained in ").Append(ExplainTime.TotalMilliseconds.ToString("0")).Append(" ms from ").Append(Source).Append(", ").Append(ObjectsWalked).Append(" objects walked)");
        return text.ToString();
    }
}
