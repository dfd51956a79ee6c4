using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3010 through a wrapper of the module: a method whose serializer or TypeDescriptor call caches its own type
/// parameter (<c>ToJson&lt;T&gt;(this T value) =&gt; JsonSerializer.Serialize(value, Options)</c>) or an <c>object</c>
/// parameter (<c>Save(object config) =&gt; JsonConvert.SerializeObject(config)</c>) caches whatever its callers pass.
/// Real apps put every serializer call behind such a helper (measured: eShopOnWeb, Jackett — docs/precision.md,
/// "Module role"), so the call site alone shows no module type. The wrapper's call is reported when some call of the
/// wrapper in this compilation — directly or through an interface member it implements — passes a module type, also
/// through wrappers of the wrapper (Jackett: <c>GetConfig&lt;T&gt;</c> over <c>ISerializeService.DeSerialise&lt;T&gt;</c>), up to
/// <see cref="MaxDepth"/> levels. A constructor taking an object is a wrapper too, called by <c>new</c>. Callers in other
/// projects of the module are not seen.
/// </summary>
internal sealed class TypeCachingWrappers
{
    private readonly IAssemblySymbol _module;
    private readonly ImmutableHashSet<IAssemblySymbol> _moduleAssemblies;
    private readonly ConcurrentBag<Site> _sites = new();
    private readonly ConcurrentBag<Call> _calls = new();

    /// <param name="module">The analysed assembly: wrappers and their callers are its methods.</param>
    /// <param name="moduleAssemblies">Where a module type may be declared (<see cref="Internals.ModuleAssemblies"/>).</param>
    public TypeCachingWrappers(IAssemblySymbol module, ImmutableHashSet<IAssemblySymbol> moduleAssemblies)
    {
        _module = module;
        _moduleAssemblies = moduleAssemblies;
    }

    /// <summary>A serializer call inside <see cref="Wrapper"/> that caches its type parameter or its object parameter.</summary>
    /// <remarks>
    /// <paramref name="BuiltIn"/>: for a Type an object was built with, the type that reads it; only objects built there
    /// count (Selenium's adapters each fill a private event map: an adapter with no events never reaches its call, though
    /// its siblings build the same objects).
    /// </remarks>
    public sealed record Site(IInvocationOperation Invocation, string Cache, IMethodSymbol Wrapper, int TypeParameter, int Parameter, INamedTypeSymbol? BuiltIn = null);

    /// <summary>How many wrappers of wrappers are followed.</summary>
    private const int MaxDepth = 3;

    /// <summary>
    /// A call of a method of this compilation: what it passes for each type parameter and parameter, and for each
    /// argument that is a parameter of the calling method, that parameter's ordinal (else -1).
    /// </summary>
    private sealed record Call(
        IMethodSymbol Target, ImmutableArray<ITypeSymbol> TypeArguments, ImmutableArray<ITypeSymbol?> ArgumentTypes,
        ImmutableArray<int> CallerParameters, ISymbol Caller);

    /// <summary>A wrapper's serializer call and the module type one of its callers passes to it.</summary>
    public sealed record Reached(Site Site, ITypeSymbol ModuleType, ISymbol Caller);

    /// <summary>
    /// Keeps a serializer call whose cached type comes from the containing method's caller, or from the constructor
    /// call that built the object the Type is read from (<see cref="TypeStoredAtConstruction"/>).
    /// </summary>
    public void AddSiteIfWrapper(IInvocationOperation invocation, string cache, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        if (containingSymbol is not IMethodSymbol method || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _module))
        {
            return;
        }

        method = method.OriginalDefinition;
        foreach (var type in CachedTypeArguments.Of(invocation))
        {
            if (type is ITypeParameterSymbol { DeclaringMethod: { } declaring } parameter
                && SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, method))
            {
                _sites.Add(new Site(invocation, cache, method, parameter.Ordinal, -1));
                return;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            if (OperationWalk.Innermost(argument.Value) is IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_Object } parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, method))
            {
                _sites.Add(new Site(invocation, cache, method, -1, parameter.Ordinal));
                return;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            if (IsSystemType(argument.Parameter?.Type)
                && TypeStoredAtConstruction.Of(OperationWalk.Innermost(argument.Value), _module, cancellationToken) is var (constructor, ordinal))
            {
                _sites.Add(new Site(invocation, cache, constructor, -1, ordinal, method.ContainingType));
                return;
            }
        }
    }

    private static bool IsSystemType(ITypeSymbol? type)
        => type is { Name: "Type", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>Keeps a call of a generic method, or of one taking an object, of this compilation (a possible wrapper).</summary>
    public void AddCallIfPossibleWrapper(IInvocationOperation invocation, ISymbol caller)
        => AddCall(invocation.TargetMethod, invocation.Arguments, caller);

    /// <summary>
    /// Keeps a <c>new</c> of a type of this compilation whose constructor takes an object: a constructor can wrap the
    /// serializer too (<c>new WebhookData(type, payload)</c> serializing <c>payload</c> into a property).
    /// </summary>
    public void AddCreationIfPossibleWrapper(IObjectCreationOperation creation, ISymbol caller)
    {
        if (creation.Constructor is { } constructor)
        {
            AddCall(constructor, creation.Arguments, caller);
        }
    }

    private void AddCall(IMethodSymbol target, ImmutableArray<IArgumentOperation> arguments, ISymbol caller)
    {
        if (!SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _module)
            || !(target.IsGenericMethod || target.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_Object || IsSystemType(p.Type))))
        {
            return;
        }

        var argumentTypes = new ITypeSymbol?[target.Parameters.Length];
        var callerParameters = Enumerable.Repeat(-1, target.Parameters.Length).ToArray();
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal < argumentTypes.Length && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                var value = OperationWalk.Innermost(argument.Value);
                // A Type argument stands for the type it names (typeof(X) caches X); other arguments for their own type.
                argumentTypes[parameter.Ordinal] = IsSystemType(parameter.Type) ? CachedTypeArguments.TypeNamedBy(value) : value?.Type;
                if (value is IParameterReferenceOperation { Parameter: var passed } && SymbolEqualityComparer.Default.Equals(passed.ContainingSymbol, caller))
                {
                    callerParameters[parameter.Ordinal] = passed.Ordinal;
                }
            }
        }

        _calls.Add(new Call(target.OriginalDefinition, target.TypeArguments, argumentTypes.ToImmutableArray(), callerParameters.ToImmutableArray(), caller));
    }

    /// <summary>The wrapper calls some caller reaches with a module type (the first such caller, in source order).</summary>
    public IEnumerable<Reached> ReachedWithModuleTypes()
    {
        if (_sites.IsEmpty)
        {
            yield break;
        }

        var callsByTarget = _calls
            .OrderBy(c => c.Caller.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(c => c.Caller.Locations.FirstOrDefault()?.SourceSpan.Start)
            .ToLookup(c => c.Target, SymbolEqualityComparer.Default);
        foreach (var site in _sites)
        {
            if (Find(site.Wrapper, site.TypeParameter, site.Parameter, 0, callsByTarget, site.BuiltIn) is { } found)
            {
                yield return new Reached(site, found.Type, found.Caller);
            }
        }
    }

    /// <summary>
    /// A module type some caller passes for the wrapper's type parameter (or object parameter), following a caller
    /// that only forwards its own type parameter or parameter.
    /// </summary>
    private (ITypeSymbol Type, ISymbol Caller)? Find(
        IMethodSymbol wrapper, int typeParameter, int parameter, int depth, ILookup<ISymbol?, Call> callsByTarget, INamedTypeSymbol? builtIn = null)
    {
        foreach (var call in CallTargets(wrapper).SelectMany(target => callsByTarget[target]))
        {
            if (builtIn is not null && !SymbolEqualityComparer.Default.Equals(call.Caller.ContainingType?.OriginalDefinition, builtIn.OriginalDefinition))
            {
                continue;
            }

            var passed = typeParameter >= 0
                ? (typeParameter < call.TypeArguments.Length ? call.TypeArguments[typeParameter] : null)
                : (parameter < call.ArgumentTypes.Length ? call.ArgumentTypes[parameter] : null);
            if (ModuleTypes.IsDeclaredIn(passed, _moduleAssemblies))
            {
                return (passed!, call.Caller);
            }

            if (depth >= MaxDepth || call.Caller is not IMethodSymbol caller)
            {
                continue;
            }

            var forwarded = passed is ITypeParameterSymbol { DeclaringMethod: { } declaring } forwardedType
                && SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, caller.OriginalDefinition)
                    ? Find(caller.OriginalDefinition, forwardedType.Ordinal, -1, depth + 1, callsByTarget)
                    : typeParameter < 0 && parameter < call.CallerParameters.Length && call.CallerParameters[parameter] is var callerParameter and >= 0
                        ? Find(caller.OriginalDefinition, -1, callerParameter, depth + 1, callsByTarget)
                        : null;
            if (forwarded is not null)
            {
                return forwarded;
            }
        }

        return null;
    }

    /// <summary>The wrapper itself and the interface members it implements (callers often hold the interface).</summary>
    private static IEnumerable<IMethodSymbol> CallTargets(IMethodSymbol wrapper)
    {
        yield return wrapper;
        foreach (var @interface in wrapper.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(wrapper.Name).OfType<IMethodSymbol>())
            {
                if (SymbolEqualityComparer.Default.Equals(wrapper.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, wrapper))
                {
                    yield return member.OriginalDefinition;
                }
            }
        }
    }
}
