using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Where the disposables and cancellation tokens of one type go, collected while the type is analysed: reads that
/// hand a disposable to someone else (returned, passed on, copied) or scope it with <c>using</c>, locals declared with
/// <c>using</c>, and the values assigned to the type's token fields and locals (to see a base token through one copy).
/// </summary>
internal sealed class DisposableFlow
{
    private const int MaxTokenCopies = 3;

    private readonly ListenerCatalog _listeners;
    private readonly ConcurrentBag<(ISymbol Symbol, IOperation Read)> _handedOff = new();
    private readonly ConcurrentDictionary<ISymbol, bool> _usingLocals = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(ISymbol Symbol, IOperation Value)> _tokenValues = new();
    private readonly ConcurrentBag<(ISymbol Symbol, IOperation Value)> _sourceValues = new();

    public DisposableFlow(ListenerCatalog listeners) => _listeners = listeners;

    public void Register(SymbolStartAnalysisContext context)
    {
        context.RegisterOperationAction(OnReference, OperationKind.FieldReference, OperationKind.LocalReference);
        context.RegisterOperationAction(OnAssignment, OperationKind.SimpleAssignment);
        context.RegisterOperationAction(OnDeclarator, OperationKind.VariableDeclarator);
        context.RegisterOperationAction(OnFieldInitializer, OperationKind.FieldInitializer);
    }

    /// <summary>
    /// The storage of a registration nobody releases, or null when it is released or owned elsewhere: scoped by
    /// <c>using</c>, handed to other code, stored where others can reach it, or disposed on a release path.
    /// </summary>
    public ResourceStorage? Unreleased(ListenerRegistration registration, TypeReleaseFacts facts)
    {
        ResourceStorage storage;
        IOperation? registeringRead = null;
        if (registration.Resource == RegistrationResource.Argument)
        {
            var argument = _listeners.RegisteredArgument((IInvocationOperation)registration.Operation);
            switch (argument)
            {
                case IObjectCreationOperation:
                    return new ResourceStorage(StorageKind.Dropped, null);
                case IFieldReferenceOperation field when field.Field.DeclaredAccessibility == Accessibility.Private:
                    storage = new ResourceStorage(StorageKind.Field, field.Field.OriginalDefinition);
                    break;
                case ILocalReferenceOperation local when !_usingLocals.ContainsKey(local.Local):
                    storage = new ResourceStorage(StorageKind.Local, local.Local);
                    break;
                default:
                    // A parameter, a property, a reachable field, a using local: its owner releases it.
                    return null;
            }

            registeringRead = argument;
        }
        else
        {
            storage = ResourceStorage.Of(registration.Operation);
        }

        switch (storage.Kind)
        {
            case StorageKind.Dropped:
                return storage;
            case StorageKind.Field or StorageKind.Local when storage.Symbol is { } symbol:
                var handedOff = _handedOff.Any(h => SymbolEqualityComparer.Default.Equals(h.Symbol, symbol) && h.Read != registeringRead);
                return handedOff || facts.IsReleased(symbol, registration.Creator, IsDisposal) ? null : storage;
            default:
                return null;
        }
    }

    /// <summary>
    /// The registration is kept in a private instance field of the analysed type and disposed on the type's release
    /// path: it lives as long as the instance is not released. Copies of the field do not matter here (the decompiler
    /// writes `_listener.Completed += h` as a copy to a local first: prometheus-net's MeterAdapter); the type's own
    /// release disposes the registration whoever else reads it.
    /// </summary>
    public static bool IsKeptUntilOwnerReleased(ListenerRegistration registration, TypeReleaseFacts facts)
        => registration.Resource != RegistrationResource.Argument
            && ResourceStorage.Of(registration.Operation) is { Kind: StorageKind.Field, Symbol: IFieldSymbol { IsStatic: false } field }
            && facts.IsReleased(field, registration.Creator, IsDisposal);

    /// <summary>
    /// The base-owned token (<see cref="ListenerCatalog.BaseTokens"/>) that <paramref name="token"/>
    /// reads, directly or through fields and locals of this type, or the token of a source linked to one; null for any
    /// other token (a parameter, the module's own <c>CancellationTokenSource</c>): the analysis cannot tell who owns those,
    /// and precision comes first.
    /// </summary>
    public TokenOwner? BaseOwnedToken(IOperation token) => BaseOwnedToken(token, 0);

    /// <summary>
    /// Whether the linked source <paramref name="source"/> (a field or local) is disposed — scoped by <c>using</c>, handed
    /// on, or disposed on a release path: disposing it unlinks it from the base token, callbacks and all (measured).
    /// </summary>
    public bool IsSourceReleased(ISymbol source, ISymbol creator, TypeReleaseFacts facts)
        => _usingLocals.ContainsKey(source)
            || _handedOff.Any(h => SymbolEqualityComparer.Default.Equals(h.Symbol, source))
            || facts.IsReleased(source, creator, IsDisposal);

    private TokenOwner? BaseOwnedToken(IOperation? token, int copies)
    {
        switch (OperationWalk.Innermost(token))
        {
            case IPropertyReferenceOperation property when _listeners.BaseTokenReason(property.Property) is { } reason:
                return new TokenOwner(property.Property, reason, null);
            case IPropertyReferenceOperation { Property.Name: "Token" } property
                when _listeners.IsCancellationTokenSource(property.Property.ContainingType) && copies < MaxTokenCopies:
                return LinkedToBaseToken(property, copies + 1);
            case var value when copies < MaxTokenCopies && OperationWalk.TrackedSymbol(value) is { } copy:
                foreach (var (symbol, assigned) in _tokenValues)
                {
                    if (SymbolEqualityComparer.Default.Equals(symbol, copy) && BaseOwnedToken(assigned, copies + 1) is { } owner)
                    {
                        return owner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>linked.Token</c> where <c>linked</c> is <c>CancellationTokenSource.CreateLinkedTokenSource(...)</c> over a base-owned
    /// token, created inline or assigned to a field or local of this type. The base token's source keeps the linked source in
    /// its registrations until the linked source is disposed; the linked source alone holds no module code (measured: an
    /// undisposed linked source over a base token lets the module unload), but every callback registered on its token does.
    /// </summary>
    private TokenOwner? LinkedToBaseToken(IPropertyReferenceOperation tokenProperty, int copies)
    {
        var source = OperationWalk.Innermost(tokenProperty.Instance);
        if (source is IInvocationOperation creation)
        {
            return FromLinkedCreation(tokenProperty.Property, creation, null, copies);
        }

        if (OperationWalk.TrackedSymbol(source) is not { } holder)
        {
            return null;
        }

        foreach (var (symbol, assigned) in _sourceValues)
        {
            if (SymbolEqualityComparer.Default.Equals(symbol, holder)
                && OperationWalk.Innermost(assigned) is IInvocationOperation linking
                && FromLinkedCreation(tokenProperty.Property, linking, holder, copies) is { } owner)
            {
                return owner;
            }
        }

        return null;
    }

    private TokenOwner? FromLinkedCreation(IPropertySymbol tokenProperty, IInvocationOperation creation, ISymbol? holder, int copies)
    {
        if (creation.TargetMethod is not { Name: "CreateLinkedTokenSource", IsStatic: true } method
            || !_listeners.IsCancellationTokenSource(method.ContainingType))
        {
            return null;
        }

        foreach (var argument in creation.Arguments)
        {
            // CreateLinkedTokenSource(a, b), (params CancellationToken[]) and its expanded form.
            var values = OperationWalk.Innermost(argument.Value) is IArrayCreationOperation { Initializer: { } initializer }
                ? initializer.ElementValues
                : ImmutableArray.Create(argument.Value);
            foreach (var value in values)
            {
                if (BaseOwnedToken(value, copies) is { } linkedTo)
                {
                    var reason = $"comes from a source linked to {linkedTo.Member.ContainingType?.Name}.{linkedTo.Member.Name}, which {linkedTo.Reason}; "
                        + "that token keeps the linked source, and every callback on it, until the linked source is disposed";
                    return new TokenOwner(tokenProperty, reason, holder);
                }
            }
        }

        return null;
    }

    private static bool IsDisposal(ResourceUse use) => use.Member.Name is "Dispose" or "DisposeAsync" or "Unregister";

    private void OnReference(OperationAnalysisContext context)
    {
        var reference = context.Operation;
        if (!_listeners.IsDisposable(reference.Type) || OperationWalk.TrackedSymbol(reference) is not { } symbol)
        {
            return;
        }

        if (OperationWalk.IsEscapingRead(reference) || OperationWalk.Outermost(reference).Parent is IUsingOperation)
        {
            _handedOff.Add((symbol, reference));
        }
    }

    private void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (ValuesOf(assignment.Target.Type) is { } values && OperationWalk.TrackedSymbol(assignment.Target) is { } symbol)
        {
            values.Add((symbol, assignment.Value));
        }
    }

    /// <summary>Where the values assigned to a variable of this type are kept: tokens and token sources are followed.</summary>
    private ConcurrentBag<(ISymbol Symbol, IOperation Value)>? ValuesOf(ITypeSymbol? type)
        => _listeners.IsCancellationToken(type) ? _tokenValues
            : _listeners.IsCancellationTokenSource(type) ? _sourceValues
            : null;

    private void OnDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var value = declarator.GetVariableInitializer()?.Value;
        if (value is null)
        {
            return;
        }

        if (ValuesOf(declarator.Symbol.Type) is { } values)
        {
            values.Add((declarator.Symbol, value));
        }

        if (!_listeners.IsCancellationToken(declarator.Symbol.Type) && ResourceStorage.Of(value).Kind == StorageKind.Using)
        {
            _usingLocals.TryAdd(declarator.Symbol, true);
        }
    }

    private void OnFieldInitializer(OperationAnalysisContext context)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            if (ValuesOf(field.Type) is { } values)
            {
                values.Add((field.OriginalDefinition, initializer.Value));
            }
        }
    }
}

/// <summary>Who owns a token a callback is registered on.</summary>
/// <param name="Member">The base's token property, or <c>CancellationTokenSource.Token</c> of a source linked to one.</param>
/// <param name="Reason">Why its source outlives the module.</param>
/// <param name="LinkedSource">The field or local holding the linked source (disposing it releases the registration too); null otherwise.</param>
internal sealed record TokenOwner(ISymbol Member, string Reason, ISymbol? LinkedSource);
