using System;
using System.Collections.Generic;
using Koupleless.Testing.Loading;

namespace Koupleless.Testing;

/// <summary>How <see cref="ModuleCopies.Load"/> loads, watches and explains the copies.</summary>
public sealed class ModuleLoadOptions
{
    /// <summary>How many copies side by side (two show what one copy does to another).</summary>
    public int Copies { get; init; } = 2;

    /// <summary>What the base shares; default: every assembly of this process (the test project's references).</summary>
    public SharedAssemblies? Shared { get; init; }

    /// <summary>Full collections to wait for the copies to go after <c>Unload()</c>.</summary>
    public int CollectionRounds { get; init; } = 30;

    /// <summary>
    /// Pause after each round: some releases happen on another thread on their own time (a thread-pool wait thread
    /// drops an unregistered wait; a stopped timer's pending callback completes).
    /// </summary>
    public TimeSpan CollectionPause { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Keep collecting for at least this long while a copy is still loaded (default: no minimum, only
    /// <see cref="CollectionRounds"/>). A module that stops its own work when it is unloaded — a poll loop that checks
    /// a stop flag after each sleep — is gone only once that work has ended: give it the length of one sleep and more.
    /// </summary>
    public TimeSpan UnloadWait { get; init; } = TimeSpan.Zero;

    /// <summary>Compute the retention path when a copy stays loaded (a snapshot of this process, read with ClrMD).</summary>
    public bool ExplainRetention { get; init; } = true;

    /// <summary>Environment variables (names) the cross-talk check ignores, for values the test run itself changes.</summary>
    public IReadOnlyCollection<string> IgnoredEnvironmentVariables { get; init; } = Array.Empty<string>();
}
