using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Koupleless.Analyzers.Internals;

/// <summary>
/// The well-known types the static-state rules (KPL1001, KPL1002) and their fixes judge a static by, resolved once
/// per compilation. Missing types (a netstandard library without AsyncLocal, say) simply never match.
/// </summary>
internal sealed class StaticStateTypes
{
    /// <summary>
    /// The holder the KPL1001/KPL1002 code fix uses: the Koupleless.Adapters package's, or the same class nested in the
    /// type that needs it (where the project does not reference the package).
    /// </summary>
    public const string PerLoadContextNamespace = "Koupleless.Adapters";
    public const string PerLoadContextName = "PerLoadContext";

    private static readonly ImmutableHashSet<string> MutatingMethodNames = ImmutableHashSet.Create(
        "Add", "AddRange", "AddFirst", "AddLast", "AddBefore", "AddAfter", "Insert", "InsertRange",
        "Remove", "RemoveAll", "RemoveAt", "RemoveRange", "RemoveWhere", "RemoveFirst", "RemoveLast", "Clear",
        "TryAdd", "TryRemove", "TryUpdate", "AddOrUpdate", "GetOrAdd", "Enqueue", "Dequeue", "TryDequeue",
        "Push", "Pop", "TryPop", "Take", "TryTake", "Sort", "Reverse", "UnionWith", "IntersectWith", "ExceptWith",
        "SymmetricExceptWith", "Set", "SetAll", "Fill", "Resize");

    private readonly INamedTypeSymbol? _asyncLocal;
    private readonly INamedTypeSymbol? _threadLocal;
    private readonly INamedTypeSymbol? _threadStatic;
    private readonly INamedTypeSymbol? _compilerGenerated;
    private readonly INamedTypeSymbol? _lock;
    private readonly INamedTypeSymbol? _collection;
    private readonly INamedTypeSymbol? _genericCollection;
    private readonly INamedTypeSymbol? _producerConsumer;
    private readonly INamedTypeSymbol? _array;

    private StaticStateTypes(Compilation compilation)
    {
        _asyncLocal = compilation.GetTypeByMetadataName("System.Threading.AsyncLocal`1");
        _threadLocal = compilation.GetTypeByMetadataName("System.Threading.ThreadLocal`1");
        _threadStatic = compilation.GetTypeByMetadataName("System.ThreadStaticAttribute");
        _compilerGenerated = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.CompilerGeneratedAttribute");
        _lock = compilation.GetTypeByMetadataName("System.Threading.Lock");
        _collection = compilation.GetTypeByMetadataName("System.Collections.ICollection");
        _genericCollection = compilation.GetTypeByMetadataName("System.Collections.Generic.ICollection`1");
        _producerConsumer = compilation.GetTypeByMetadataName("System.Collections.Concurrent.IProducerConsumerCollection`1");
        _array = compilation.GetTypeByMetadataName("System.Array");
    }

    public static StaticStateTypes From(Compilation compilation) => new(compilation);

    /// <summary>
    /// AsyncLocal&lt;T&gt; and ThreadLocal&lt;T&gt; hold one value per async flow or thread (measured: an AsyncLocal
    /// of a shared library is not shared between modules), and the generated PerLoadContext&lt;T&gt; one per context.
    /// </summary>
    public bool IsFlowLocalHolder(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(definition, _asyncLocal)
            || SymbolEqualityComparer.Default.Equals(definition, _threadLocal)
            || IsPerLoadContextHolder(definition);
    }

    public static bool IsPerLoadContextHolder(ITypeSymbol type)
        => type.Name == PerLoadContextName
            && (type.ContainingType is not null || type.ContainingNamespace?.ToDisplayString() == PerLoadContextNamespace);

    public bool IsThreadStatic(IFieldSymbol field)
        => _threadStatic is not null && field.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _threadStatic));

    public bool IsCompilerGenerated(ISymbol symbol)
    {
        if (_compilerGenerated is null)
        {
            return false;
        }

        for (var current = symbol; current is not null; current = current.ContainingType)
        {
            if (current.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _compilerGenerated)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A lock object: a System.Threading.Lock, or an object field initialised with a plain <c>new object()</c>.
    /// Sharing it is what shared code wants (modules contend on the same lock); it holds no state.
    /// </summary>
    public bool IsLockObject(IFieldSymbol field)
    {
        if (_lock is not null && SymbolEqualityComparer.Default.Equals(field.Type, _lock))
        {
            return true;
        }

        return field.Type.SpecialType == SpecialType.System_Object && StaticStateSyntax.HasPlainObjectInitializer(field);
    }

    /// <summary>An array or a collection whose content can change in place (immutable and frozen collections cannot).</summary>
    public bool IsMutableCollection(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol:
                return true;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns is "System.Collections.Immutable" or "System.Collections.Frozen" || type.Name.StartsWith("ReadOnly", System.StringComparison.Ordinal))
        {
            return false;
        }

        return type.AllInterfaces.Any(i =>
            SymbolEqualityComparer.Default.Equals(i, _collection)
            || SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _genericCollection)
            || SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _producerConsumer))
            || (type.TypeKind == TypeKind.Interface && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _genericCollection) || SymbolEqualityComparer.Default.Equals(type, _collection)));
    }

    public static bool IsMutatingMethodName(string name) => MutatingMethodNames.Contains(name);

    public bool IsArrayHelper(IMethodSymbol method) => method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _array);
}
