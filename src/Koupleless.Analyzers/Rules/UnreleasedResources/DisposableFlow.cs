using System.Collections.Concurrent;
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
    /// The base-owned token (<see cref="ListenerCatalog.BaseTokens"/>) that <paramref name="token"/>
    /// reads, directly or through fields and locals of this type; null for any other token (a parameter, the module's
    /// own <c>CancellationTokenSource</c>): the analysis cannot tell who owns those, and precision comes first.
    /// </summary>
    public (ISymbol Member, string Reason)? BaseOwnedToken(IOperation token) => BaseOwnedToken(token, 0);

    private (ISymbol Member, string Reason)? BaseOwnedToken(IOperation? token, int copies)
    {
        switch (OperationWalk.Innermost(token))
        {
            case IPropertyReferenceOperation property when _listeners.BaseTokenReason(property.Property) is { } reason:
                return (property.Property, reason);
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
        if (_listeners.IsCancellationToken(assignment.Target.Type) && OperationWalk.TrackedSymbol(assignment.Target) is { } symbol)
        {
            _tokenValues.Add((symbol, assignment.Value));
        }
    }

    private void OnDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var value = declarator.GetVariableInitializer()?.Value;
        if (value is null)
        {
            return;
        }

        if (_listeners.IsCancellationToken(declarator.Symbol.Type))
        {
            _tokenValues.Add((declarator.Symbol, value));
        }
        else if (ResourceStorage.Of(value).Kind == StorageKind.Using)
        {
            _usingLocals.TryAdd(declarator.Symbol, true);
        }
    }

    private void OnFieldInitializer(OperationAnalysisContext context)
    {
        var initializer = (IFieldInitializerOperation)context.Operation;
        foreach (var field in initializer.InitializedFields)
        {
            if (_listeners.IsCancellationToken(field.Type))
            {
                _tokenValues.Add((field.OriginalDefinition, initializer.Value));
            }
        }
    }
}
