using System;
using System.Collections.Generic;

namespace Koupleless.Scanner.Engine;

/// <summary>
/// C# code given as files instead of a project file: code with no build of its own that still has to be judged by
/// the same analyzers — a library's sources read at a pinned commit (tests/RealCode), or decompiled package code.
/// </summary>
public sealed record SourceProject
{
    /// <summary>The project's (and its assembly's) name; other projects of the same scan refer to it by this name.</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<string> SourceFiles { get; init; }

    /// <summary>Assemblies to compile against (a framework reference pack, package assemblies).</summary>
    public IReadOnlyList<string> MetadataReferences { get; init; } = Array.Empty<string>();

    /// <summary>Names of other projects of the same scan this one references (compiled, never emitted).</summary>
    public IReadOnlyList<string> ProjectReferences { get; init; } = Array.Empty<string>();

    /// <summary>The symbols the build would define (the target framework's, the project's DefineConstants).</summary>
    public IReadOnlyList<string> PreprocessorSymbols { get; init; } = Array.Empty<string>();

    /// <summary>Compiler diagnostics the build turns off (NoWarn), such as [Experimental] API errors that do not affect binding.</summary>
    public IReadOnlyList<string> SuppressedDiagnostics { get; init; } = Array.Empty<string>();

    /// <summary>False for a project that is only there to be referenced (its findings are not wanted).</summary>
    public bool Analyze { get; init; } = true;

    /// <summary>
    /// The project's KouplelessRole, surfaced as its build would (build_property.KouplelessRole); null for none (Module).
    /// A scan's role override still replaces it.
    /// </summary>
    public string? Role { get; init; }
}
