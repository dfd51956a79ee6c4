using System;
using System.Linq;

namespace Koupleless.Testing;

/// <summary>A copy of the module stayed loaded after Unload(); the message is the retention path of each copy.</summary>
public sealed class ModuleRetainedException : Exception
{
    public ModuleRetainedException(UnloadResult result)
        : base(Describe(result)) => Result = result;

    public UnloadResult Result { get; }

    private static string Describe(UnloadResult result)
        => $"{string.Join(", ", result.Retained)} did not unload after {result.WaitTime.TotalMilliseconds:0} ms of collections."
            + (result.Retention is { } retention ? Environment.NewLine + retention.Format() : " (retention path not computed)");
}
