using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>How a pending accept holds module code.</summary>
internal enum AcceptKind
{
    /// <summary><c>BeginAccept*(callback, state)</c>: the socket's pending operation holds the module's callback.</summary>
    Callback,
    /// <summary><c>await Accept*Async()</c>: the pending operation holds the module's awaiting continuation.</summary>
    Awaited,
}

/// <summary>
/// The KPL3006 catalog lines that name an accept on a listener instead of a creation. A line is read by the method it
/// names: an instance method returning <c>IAsyncResult</c> (callback form) or a <c>Task</c>/<c>ValueTask</c> (awaited
/// form) starts an operation on its receiver — the receiver (the listener) is the resource, not the returned value;
/// any other line is a creation whose result is the resource. Measured (docs/rules/KPL3006.md): a listener with no
/// accept pending unloads, and so does an accept task nobody awaits; only a pending accept carrying module code — its
/// callback, or the continuation of an <c>await</c> — keeps the module until the listener is stopped.
/// </summary>
internal sealed class ListenerAccepts
{
    private readonly Dictionary<IMethodSymbol, AcceptKind> _accepts;
    private readonly HashSet<ITypeSymbol> _listenerTypes;

    private ListenerAccepts(Dictionary<IMethodSymbol, AcceptKind> accepts)
    {
        _accepts = accepts;
        _listenerTypes = new HashSet<ITypeSymbol>(accepts.Keys.Select(m => (ITypeSymbol)m.ContainingType), SymbolEqualityComparer.Default);
    }

    /// <summary>The accepts among the symbols a compilation resolved for KPL3006 (a listener type absent there is simply not listed).</summary>
    public static ListenerAccepts From(IEnumerable<ISymbol> symbols)
    {
        var accepts = new Dictionary<IMethodSymbol, AcceptKind>(SymbolEqualityComparer.Default);
        foreach (var symbol in symbols)
        {
            if (symbol is IMethodSymbol method && KindOf(method) is { } kind)
            {
                accepts[method.OriginalDefinition] = kind;
            }
        }

        return new ListenerAccepts(accepts);
    }

    public bool IsEmpty => _accepts.Count == 0;

    public bool IsAccept(ISymbol symbol) => symbol is IMethodSymbol method && _accepts.ContainsKey(method.OriginalDefinition);

    /// <summary>A listener type of some accept line, or a subclass of one.</summary>
    public bool IsListenerType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (_listenerTypes.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A listener this type makes itself: <c>new TcpListener(...)</c> or its own factory (<c>TcpListener.Create(port)</c>).
    /// A listener received from elsewhere belongs to whoever made it.
    /// </summary>
    public bool IsListenerCreation(IOperation operation) => operation switch
    {
        IObjectCreationOperation creation => IsListenerType(creation.Type),
        IInvocationOperation { TargetMethod: { IsStatic: true } factory } => IsListenerType(factory.ReturnType) && IsListenerType(factory.ContainingType),
        _ => false,
    };

    /// <summary>Whether this call to an accept line leaves module code with the pending operation (null: not an accept).</summary>
    public bool? HoldsModuleCode(IInvocationOperation invocation)
    {
        if (!_accepts.TryGetValue(invocation.TargetMethod.OriginalDefinition, out var kind))
        {
            return null;
        }

        if (invocation.Arguments.Any(EndsByToken))
        {
            return false;
        }

        return kind == AcceptKind.Callback
            ? invocation.Arguments.Any(a => Is(a.Parameter?.Type, "System", "AsyncCallback") && !IsNullOrDefault(a))
            : IsAwaited(invocation);
    }

    private static AcceptKind? KindOf(IMethodSymbol method)
    {
        if (method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return null;
        }

        var returned = method.ReturnType.OriginalDefinition;
        if (Is(returned, "System", "IAsyncResult"))
        {
            return AcceptKind.Callback;
        }

        return Is(returned, "System.Threading.Tasks", "Task") || Is(returned, "System.Threading.Tasks", "ValueTask")
            ? AcceptKind.Awaited
            : null;
    }

    /// <summary>
    /// <c>await x.AcceptAsync()</c>, also through <c>.ConfigureAwait(...)</c>. An accept task nobody awaits holds no module
    /// code (measured: it unloads), and one stored for later is followed no further: the rule stays silent rather than guess.
    /// </summary>
    private static bool IsAwaited(IInvocationOperation accept)
    {
        var value = OperationWalk.Outermost(accept);
        if (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == value)
        {
            value = OperationWalk.Outermost(configured);
        }

        return value.Parent is IAwaitOperation;
    }

    /// <summary>
    /// An accept given a cancellation token ends when the token is cancelled — a token the module may cancel on unload, which
    /// the rule cannot see (as KPL3002 counts an observed token as a way to stop). <c>default</c> and <c>CancellationToken.None</c> never end it.
    /// </summary>
    private static bool EndsByToken(IArgumentOperation argument)
        => argument.ArgumentKind != ArgumentKind.DefaultValue
            && Is(argument.Parameter?.Type, "System.Threading", "CancellationToken")
            && !IsNullOrDefault(argument)
            && OperationWalk.Innermost(argument.Value) is not IPropertyReferenceOperation { Property.Name: "None" };

    private static bool IsNullOrDefault(IArgumentOperation argument)
        => OperationWalk.Innermost(argument.Value) is IDefaultValueOperation
            || argument.Value.ConstantValue is { HasValue: true, Value: null };

    /// <summary>By namespace and name, so that nullable annotations (<c>AsyncCallback?</c>) and type arguments do not matter.</summary>
    private static bool Is(ITypeSymbol? type, string @namespace, string name)
        => type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == @namespace;
}
