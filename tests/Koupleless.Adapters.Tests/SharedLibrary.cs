using System;

namespace Koupleless.Adapters.Tests;

/// <summary>
/// A library the base shares with its modules (this test assembly is in the default context): its statics and its
/// static event live as long as the process, whichever module wrote them.
/// </summary>
public static class SharedLibrary
{
    /// <summary>What a module writes without the adapter: one value for the whole process.</summary>
    public static object? Plain;

    /// <summary>The same static with the adapter: one value per module.</summary>
    public static readonly PerLoadContext<object?> PerModule = new PerLoadContext<object?>();

    public static event EventHandler? Changed;

    public static int Subscribers => Changed?.GetInvocationList().Length ?? 0;
}
