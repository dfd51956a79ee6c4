using System.Collections.Immutable;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Flow;

/// <summary>The well-known types the static-state flow judges operations by, resolved once per compilation.</summary>
internal sealed class FlowTypes
{
    /// <summary>Collection methods that add to (or replace an entry of) a collection: what they are given stays in it.</summary>
    private static readonly ImmutableHashSet<string> FillingMethodNames = ImmutableHashSet.Create(
        "Add", "AddRange", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Insert", "InsertRange",
        "TryAdd", "TryUpdate", "AddOrUpdate", "GetOrAdd", "Enqueue", "Push", "UnionWith", "SymmetricExceptWith", "Set", "Fill");

    private readonly INamedTypeSymbol? _conditionalWeakTable;
    private readonly INamedTypeSymbol? _interlocked;
    private readonly INamedTypeSymbol? _volatile;
    private readonly INamedTypeSymbol? _lazyInitializer;
    private readonly INamedTypeSymbol? _immutableInterlocked;
    private readonly INamedTypeSymbol? _systemType;

    public FlowTypes(Compilation compilation)
    {
        Compilation = compilation;
        StaticState = StaticStateTypes.From(compilation);
        Caches = new TypeCachingApis(compilation);
        _conditionalWeakTable = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConditionalWeakTable`2");
        _interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
        _volatile = compilation.GetTypeByMetadataName("System.Threading.Volatile");
        _lazyInitializer = compilation.GetTypeByMetadataName("System.Threading.LazyInitializer");
        _immutableInterlocked = compilation.GetTypeByMetadataName("System.Collections.Immutable.ImmutableInterlocked");
        _systemType = compilation.GetTypeByMetadataName("System.Type");
    }

    public Compilation Compilation { get; }

    public StaticStateTypes StaticState { get; }

    public TypeCachingApis Caches { get; }

    /// <summary>A ConditionalWeakTable holds its keys weakly: it keeps no module loaded through them.</summary>
    public bool IsWeakTable(ITypeSymbol? type)
        => type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _conditionalWeakTable);

    /// <summary>A framework collection method that stores its arguments in the collection it is called on.</summary>
    public bool IsFillingCollectionMethod(IMethodSymbol method, ITypeSymbol? receiverType)
        => FillingMethodNames.Contains(method.Name)
            && !IsWeakTable(receiverType)
            && (StaticState.IsMutableCollection(receiverType) || StaticState.IsMutableCollection(method.ContainingType));

    /// <summary><c>Interlocked.Exchange(ref x, v)</c>, <c>Volatile.Write(ref x, v)</c>, <c>LazyInitializer.EnsureInitialized(ref x, f)</c>: a write of x.</summary>
    public bool IsReferenceWrite(IMethodSymbol method)
        => (Is(method.ContainingType, _interlocked) && method.Name is "Exchange" or "CompareExchange")
            || (Is(method.ContainingType, _volatile) && method.Name == "Write")
            || (Is(method.ContainingType, _lazyInitializer) && method.Name == "EnsureInitialized");

    /// <summary><c>ImmutableInterlocked.AddOrUpdate(ref map, k, v)</c> and friends: the immutable collection at x gains an entry.</summary>
    public bool IsImmutableInterlockedFill(IMethodSymbol method)
        => Is(method.ContainingType, _immutableInterlocked) && method.Name is "AddOrUpdate" or "GetOrAdd" or "TryAdd" or "Update" or "Push" or "Enqueue";

    public bool IsSystemType(ITypeSymbol? type) => Is(type, _systemType);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);
}
