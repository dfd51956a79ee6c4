using System;

namespace Koupleless.Analyzers.Internals;

/// <summary>Where a project's code runs inside a Koupleless base process (MSBuild property <c>KouplelessRole</c>).</summary>
[Flags]
public enum KouplelessRole
{
    None = 0,
    /// <summary>A hot-installed module in its own collectible AssemblyLoadContext (the default).</summary>
    Module = 1,
    /// <summary>A library the base loads once, in the default context, and shares with every module.</summary>
    Shared = 2,
    /// <summary>The host process itself.</summary>
    Base = 4,

    SharedOrBase = Shared | Base,
    All = Module | Shared | Base,
}
