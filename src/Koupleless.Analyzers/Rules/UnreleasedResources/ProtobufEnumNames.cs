using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Google.Protobuf's <c>JsonFormatter</c> (<c>Format</c>, <c>WriteValue</c>, and <c>ToDiagnosticString</c>, which every
/// generated message's <c>ToString()</c> calls) writes a non-default enum field by its proto name, looked up in
/// <c>JsonFormatter.OriginalEnumValueHelper</c>: a static dictionary keyed by the enum's <c>Type</c>, holding its boxed
/// values, filled by reflection and never cleared (its own comment: "unbounded size"). With Google.Protobuf shared by the
/// base, a module whose message reaches one of its own proto enums keeps that enum, and so the module, for the life of
/// the process. A message without such an enum puts nothing there (the message's own descriptor is a static of the
/// module's type). Labelled Module misses before this existed: OnnxSharp's nine generated <c>ToString()</c>s (held-out
/// set 17) and Temporalio's 394 (held-out set 21).
/// </summary>
internal sealed class ProtobufEnumNames
{
    /// <summary>The cache, as diagnostics name it (<see cref="ProcessWideTypeCacheAnalyzer.CacheProperty"/>).</summary>
    public const string Cache = "ProtobufJsonFormatter";

    public const string Description = "Google.Protobuf's JsonFormatter enum-name table (a static dictionary keyed by enum type, never cleared)";

    public const string Remedy = "declare the proto enums in a library the base shares, or load Google.Protobuf with the module (a private copy unloads with it)";

    /// <summary>How far the message graph is searched: enough for nested messages, bounded for generated graphs of thousands of types.</summary>
    private const int MaxTypes = 256;

    private readonly INamedTypeSymbol? _formatter;
    private readonly INamedTypeSymbol? _originalName;
    private readonly ConcurrentDictionary<ITypeSymbol, ImmutableArray<ITypeSymbol>> _enumsReached = new(SymbolEqualityComparer.Default);

    public ProtobufEnumNames(Compilation compilation)
    {
        _formatter = compilation.GetTypeByMetadataName("Google.Protobuf.JsonFormatter");
        _originalName = compilation.GetTypeByMetadataName("Google.Protobuf.Reflection.OriginalNameAttribute");
    }

    public bool Any => _formatter is not null && _originalName is not null;

    /// <summary>A module's proto enum the formatted message reaches (the nearest), or null (not a formatter call, or none reached).</summary>
    public ITypeSymbol? EnumKeptBy(IInvocationOperation invocation, ImmutableHashSet<IAssemblySymbol> module)
        => EnumsKeptBy(invocation, module).FirstOrDefault();

    /// <summary>Every proto enum of the module the formatted message reaches, nearest first (empty: not a formatter call, or none).</summary>
    public ImmutableArray<ITypeSymbol> EnumsKeptBy(IInvocationOperation invocation, ImmutableHashSet<IAssemblySymbol> module)
    {
        // Google.Protobuf judged as the module's own copy: its table is the module's too and goes with it.
        if (!Any || invocation.TargetMethod is not { Name: "Format" or "WriteValue" or "ToDiagnosticString" } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _formatter)
            || module.Contains(_formatter!.ContainingAssembly))
        {
            return ImmutableArray<ITypeSymbol>.Empty;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is { SpecialType: SpecialType.System_Object } or { Name: "IMessage" }
                && StaticReceivers.Unwrap(argument.Value)?.Type is INamedTypeSymbol message
                && ModuleTypes.IsDeclaredIn(message, module))
            {
                return _enumsReached.GetOrAdd(message, m => FindEnums(m, module));
            }
        }

        return ImmutableArray<ITypeSymbol>.Empty;
    }

    /// <summary>The proto enums of the module among the types the message's properties reach (nested messages, repeated and map fields).</summary>
    private ImmutableArray<ITypeSymbol> FindEnums(ITypeSymbol message, ImmutableHashSet<IAssemblySymbol> module)
    {
        var found = ImmutableArray.CreateBuilder<ITypeSymbol>();
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default) { message };
        var pending = new Queue<ITypeSymbol>();
        pending.Enqueue(message);
        while (pending.Count > 0 && seen.Count < MaxTypes)
        {
            foreach (var property in pending.Dequeue().GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public))
            {
                foreach (var type in Components(property.Type))
                {
                    if (!ModuleTypes.IsDeclaredIn(type, module) || !seen.Add(type))
                    {
                        continue;
                    }

                    if (type.TypeKind == TypeKind.Enum)
                    {
                        if (IsProtoEnum(type))
                        {
                            found.Add(type);
                        }
                    }
                    else if (type.TypeKind == TypeKind.Class)
                    {
                        pending.Enqueue(type);
                    }
                }
            }
        }

        return found.ToImmutable();
    }

    /// <summary>The type and, for a repeated or map field (or an array), its element types.</summary>
    private static IEnumerable<ITypeSymbol> Components(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => new[] { array.ElementType },
        INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Prepend(generic),
        _ => new[] { type },
    };

    /// <summary>A generated proto enum: its values carry <c>[OriginalName]</c> (a oneof's case enum does not, and is never formatted).</summary>
    private bool IsProtoEnum(ITypeSymbol type)
        => type.GetMembers().OfType<IFieldSymbol>()
            .Any(f => f.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _originalName)));
}
