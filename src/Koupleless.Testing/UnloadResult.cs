using System;
using System.Collections.Generic;
using Koupleless.Testing.Retention;

namespace Koupleless.Testing;

/// <summary>What unloading the copies gave: the copies still loaded, and, for those, what holds them.</summary>
/// <param name="Retained">Names of the copies whose context was not collected.</param>
/// <param name="WaitTime">Unload and collection time (not the explanation's).</param>
/// <param name="Retention">The retention paths; null when every copy went or the explanation was turned off.</param>
public sealed record UnloadResult(IReadOnlyList<string> Retained, TimeSpan WaitTime, RetentionReport? Retention)
{
    public bool IsCollected => Retained.Count == 0;
}
