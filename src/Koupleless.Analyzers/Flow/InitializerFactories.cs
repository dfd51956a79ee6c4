using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Flow;

/// <summary>
/// The object a static's initializer gets from a method of this compilation — a user-defined conversion
/// (<c>static readonly ByteVector Code = new byte[8] {…}</c>) or a static factory (<c>= Create()</c>) — when every
/// <c>return</c> of that method is a <c>new</c>: the types it creates. Only <c>HeldObjects</c> asks, to know what a
/// read-only static holds; nothing else of the flow changes.
/// </summary>
internal sealed class InitializerFactories
{
    private readonly ConcurrentDictionary<ISymbol, IMethodSymbol> _factoryOf = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<ITypeSymbol>> _createdBy = new(SymbolEqualityComparer.Default);

    /// <summary>Records the method a static's initializer value comes from, if it comes from one of this compilation.</summary>
    public void AddInitializer(ISymbol storage, IOperation value, Compilation compilation)
    {
        var method = WithoutPlainConversions(value) switch
        {
            IConversionOperation { OperatorMethod: { } conversion } => conversion,
            IInvocationOperation { TargetMethod: { IsStatic: true } factory } => factory,
            _ => null,
        };
        if (method is not null && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly))
        {
            _factoryOf[storage.OriginalDefinition] = method.OriginalDefinition;
        }
    }

    /// <summary>Records what a method returns when every value it returns is created there (none recorded otherwise).</summary>
    public void AddMethod(IMethodSymbol method, ImmutableArray<IOperation> blocks)
    {
        var returned = blocks.SelectMany(ReturnsOf).ToList();
        if (returned.Count == 0)
        {
            return;
        }

        var created = new List<ITypeSymbol>();
        foreach (var value in returned.Select(r => r.ReturnedValue))
        {
            if (value is null || StaticReceivers.Unwrap(value) is not IObjectCreationOperation { Type: { } type })
            {
                return;
            }

            created.Add(type);
        }

        _createdBy[method.OriginalDefinition] = created.ToImmutableArray();
    }

    /// <summary>The method's own returns: not those of the lambdas and local functions in it.</summary>
    private static IEnumerable<IReturnOperation> ReturnsOf(IOperation block)
    {
        var pending = new Stack<IOperation>();
        pending.Push(block);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IReturnOperation { Kind: OperationKind.Return } found)
            {
                yield return found;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>Past parentheses and conversions the language makes itself, not past a user-defined conversion (a call).</summary>
    private static IOperation WithoutPlainConversions(IOperation value)
    {
        var current = value;
        while (current is IParenthesizedOperation or IConversionOperation { OperatorMethod: null })
        {
            current = current switch
            {
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                IConversionOperation conversion => conversion.Operand,
                _ => current,
            };
        }

        return current;
    }

    /// <summary>The types the storage's initializer gets from its factory; empty when unknown.</summary>
    public IEnumerable<ITypeSymbol> CreatedFor(ISymbol storage)
        => _factoryOf.TryGetValue(storage.OriginalDefinition, out var method) && _createdBy.TryGetValue(method, out var created)
            ? created
            : Enumerable.Empty<ITypeSymbol>();
}
