using System;
using System.Collections.Generic;
using Koupleless.Testing.CrossTalk;
using Koupleless.Testing.Retention;

namespace Koupleless.Testing.Hosting;

/// <summary>What `koupleless verify` asks its host process to do with a built module.</summary>
/// <param name="ModulePath">The module's main assembly (its deps.json beside it).</param>
/// <param name="Entries">"Namespace.Type.Method", called in this order in each copy.</param>
/// <param name="SharedPaths">The base's view: folders (every assembly in them) and assembly files shared with the module.</param>
/// <param name="Copies">How many copies side by side.</param>
public sealed record VerifyRequest(string ModulePath, IReadOnlyList<string> Entries, IReadOnlyList<string> SharedPaths, int Copies = 2)
{
    /// <summary>Environment variables of the host process, on top of the caller's (a module that needs its configuration).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the copies are given to go after the unload (<see cref="ModuleLoadOptions.UnloadWait"/>).</summary>
    public TimeSpan UnloadWait { get; init; } = TimeSpan.Zero;

    /// <summary>How long the host may take: load, run, unload, explain.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>What the host process saw: the copies that stayed and why, what they changed process-wide, what failed.</summary>
/// <param name="Failures">Entries that threw (copy, entry, exception), and problems loading the module.</param>
public sealed record VerifyResult(
    IReadOnlyList<string> Copies,
    IReadOnlyList<string> Retained,
    double UnloadMilliseconds,
    RetentionReport? Retention,
    CrossTalkReport CrossTalk,
    IReadOnlyList<string> Failures)
{
    /// <summary>Load, run, unload and explain, measured in the host process.</summary>
    public double TotalMilliseconds { get; init; }
}
