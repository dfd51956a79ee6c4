using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// The GC handle types of one compilation, resolved once: <c>GCHandle</c> (<c>Alloc</c>/<c>Free</c>) and the typed handles
/// of .NET 10 (<c>GCHandle&lt;T&gt;</c>, <c>PinnedGCHandle&lt;T&gt;</c>: a constructor allocates, <c>Dispose</c> frees), absent
/// on older frameworks. <c>WeakGCHandle&lt;T&gt;</c> is left out on purpose: a weak handle does not keep the module (measured).
/// </summary>
internal sealed class HandleTypes
{
    private readonly INamedTypeSymbol _handle;
    private readonly INamedTypeSymbol? _typedNormal;
    private readonly INamedTypeSymbol? _typedPinned;

    private HandleTypes(INamedTypeSymbol handle, INamedTypeSymbol? typedNormal, INamedTypeSymbol? typedPinned)
    {
        _handle = handle;
        _typedNormal = typedNormal;
        _typedPinned = typedPinned;
    }

    public static HandleTypes? Resolve(Compilation compilation)
        => compilation.GetTypeByMetadataName("System.Runtime.InteropServices.GCHandle") is { } handle
            ? new HandleTypes(
                handle,
                compilation.GetTypeByMetadataName("System.Runtime.InteropServices.GCHandle`1"),
                compilation.GetTypeByMetadataName("System.Runtime.InteropServices.PinnedGCHandle`1"))
            : null;

    public bool IsAllocMethod(IMethodSymbol method)
        => method is { Name: "Alloc", IsStatic: true } && SymbolEqualityComparer.Default.Equals(method.ContainingType, _handle);

    /// <summary>Whether fields and locals of this type hold a handle the rule follows.</summary>
    public bool IsHandle(ITypeSymbol? type)
        => type is not null
            && (SymbolEqualityComparer.Default.Equals(type, _handle) || TypedKind(type) is not null);

    /// <summary>"Normal" for <c>GCHandle&lt;T&gt;</c>, "Pinned" for <c>PinnedGCHandle&lt;T&gt;</c>, null for anything else.</summary>
    public string? TypedKind(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        return definition is null ? null
            : _typedNormal is not null && SymbolEqualityComparer.Default.Equals(definition, _typedNormal) ? "Normal"
            : _typedPinned is not null && SymbolEqualityComparer.Default.Equals(definition, _typedPinned) ? "Pinned"
            : null;
    }
}
