using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;

namespace Koupleless.Testing.Retention;

/// <summary>
/// One chain of references from a GC root to an object of a module copy: what keeps the copy loaded. The steps run
/// from the root's first object to the module object; each names the field (or element, or static) it was reached by.
/// </summary>
/// <param name="Copy">The copy the chain ends in.</param>
/// <param name="Shape">What holds the module, in the taxonomy's words: timer, thread, event, GC handle, ...</param>
/// <param name="RuleId">The KPL rule that describes this shape; null when none does.</param>
/// <param name="Root">The GC root: "static field X.Y", "GC handle (strong)", "stack of thread 'name'", ...</param>
/// <param name="Steps">The objects from the root to the module object.</param>
public sealed record RetentionPath(string Copy, string Shape, string? RuleId, string Root, IReadOnlyList<RetentionStep> Steps)
{
    /// <summary>Further paths of the same copy from the same root and shape (longer ones, through other objects).</summary>
    public int AlsoFromThisRoot { get; init; }

    /// <summary>The module object the chain ends in.</summary>
    [JsonIgnore]
    public RetentionStep ModuleObject => Steps[^1];

    /// <summary>One line: rule, shape and <see cref="Chain"/>.</summary>
    [JsonIgnore]
    public string Summary => $"{RuleId ?? "(no rule)"} {Shape}: {Chain}";

    /// <summary>The root and each step, on one line.</summary>
    [JsonIgnore]
    public string Chain => $"{Root} → " + string.Join(" → ", Steps.Select(s => s.ToString()));

    public string Format(string indent = "  ")
    {
        var text = new StringBuilder();
        text.Append(indent).Append(RuleId ?? "(no rule)").Append(' ').Append(Shape).Append(" — root: ").Append(Root);
        text.AppendLine(AlsoFromThisRoot > 0 ? $" (and {AlsoFromThisRoot} more path(s) from it)" : "");
        foreach (var step in Steps)
        {
            text.Append(indent).Append("    ").AppendLine(step.ToString());
        }

        return text.ToString();
    }
}

/// <summary>An object on a retention path and how it was reached from the previous one (null for the first).</summary>
/// <param name="Via">".field", "[index]", or null.</param>
/// <param name="Object">Its type, with what it stands for: a delegate's method, a thread's name, a RuntimeType's type.</param>
public sealed record RetentionStep(string? Via, string Object)
{
    public override string ToString() => Via is null ? Object : Via + " " + Object;
}

/// <summary>Keeps, per copy, root and shape, the shortest path: the others say the same thing through other objects.</summary>
internal static class RetentionPaths
{
    public static IReadOnlyList<RetentionPath> Condense(IEnumerable<RetentionPath> paths)
        => paths
            .GroupBy(p => (p.Copy, p.Shape, p.Root))
            .Select(g => g.OrderBy(p => p.Steps.Count).First() with { AlsoFromThisRoot = g.Count() - 1 })
            .OrderBy(p => p.Copy, System.StringComparer.Ordinal)
            .ThenBy(p => p.RuleId ?? "~", System.StringComparer.Ordinal)
            .ThenBy(p => p.Root, System.StringComparer.Ordinal)
            .ToList();
}
