using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3005 one level up. A type of the compilation that keeps a listener registration in an instance field and
/// disposes it on its own release path is released only as far as its instances are: an instance nobody keeps (an
/// expression statement or a discard of <c>new Owner()</c>, or of a method of the compilation that returns one) keeps
/// the registration for the life of the process. prometheus-net's default registry drops the adapters
/// <c>EventCounterAdapter.StartListening(options)</c> and <c>MeterAdapter.StartListening(options)</c> return, each
/// holding an <c>EventListener</c> or a started <c>MeterListener</c> (labelled misses of the source benchmark and of
/// held-out package set 19). Collected over the whole compilation and matched at its end.
/// </summary>
internal sealed class ListenerOwners
{
    /// <summary>How far a factory's <c>return</c> of another factory's result is followed.</summary>
    private const int MaxFactoryDepth = 3;

    private readonly ConcurrentDictionary<INamedTypeSymbol, ListenerRegistration> _owners = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<ISymbol>> _returned = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<DroppedValue> _dropped = new();

    /// <summary>The type keeps <paramref name="registration"/> in an instance field and releases it when it is itself released.</summary>
    public void AddOwner(INamedTypeSymbol type, ListenerRegistration registration) => _owners.TryAdd(type.OriginalDefinition, registration);

    public void Register(CompilationStartAnalysisContext context)
    {
        var assembly = context.Compilation.Assembly;
        context.RegisterOperationAction(c => CollectReturn((IReturnOperation)c.Operation, c.ContainingSymbol, assembly), OperationKind.Return);
        context.RegisterOperationAction(c => CollectDropped((IExpressionStatementOperation)c.Operation, assembly), OperationKind.ExpressionStatement);
        context.RegisterCompilationEndAction(Report);
    }

    private void CollectReturn(IReturnOperation @return, ISymbol containing, IAssemblySymbol assembly)
    {
        if (containing is not IMethodSymbol method || @return.ReturnedValue is not { } value || NestedFunctions.IsInNestedFunction(@return))
        {
            return;
        }

        foreach (var source in Sources(value, assembly))
        {
            _returned.GetOrAdd(method.OriginalDefinition, _ => new ConcurrentBag<ISymbol>()).Add(source);
        }
    }

    private void CollectDropped(IExpressionStatementOperation statement, IAssemblySymbol assembly)
    {
        var value = OperationWalk.Innermost(
            statement.Operation is ISimpleAssignmentOperation { Target: IDiscardOperation } discard ? discard.Value : statement.Operation);
        switch (value)
        {
            case IObjectCreationOperation { Type: INamedTypeSymbol created } when SymbolEqualityComparer.Default.Equals(created.ContainingAssembly, assembly):
                _dropped.Add(new DroppedValue(created.OriginalDefinition, value.Syntax.GetLocation(), IsCreation: true));
                break;
            case IInvocationOperation { TargetMethod: { ReturnsVoid: false, ReturnType.IsReferenceType: true } target }
                when SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, assembly):
                _dropped.Add(new DroppedValue(target.OriginalDefinition, value.Syntax.GetLocation(), IsCreation: false));
                break;
        }
    }

    /// <summary>The created type of the compilation, or the method of the compilation whose result the value is.</summary>
    private static IEnumerable<ISymbol> Sources(IOperation? value, IAssemblySymbol assembly)
    {
        switch (OperationWalk.Innermost(value))
        {
            case IObjectCreationOperation { Type: INamedTypeSymbol created } when SymbolEqualityComparer.Default.Equals(created.ContainingAssembly, assembly):
                yield return created.OriginalDefinition;
                break;
            case IInvocationOperation { TargetMethod: { } target } when SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, assembly)
                && !target.ReturnsVoid:
                yield return target.OriginalDefinition;
                break;
            case IConditionalOperation { WhenTrue: { } whenTrue, WhenFalse: { } whenFalse }:
                foreach (var source in Sources(whenTrue, assembly).Concat(Sources(whenFalse, assembly)))
                {
                    yield return source;
                }

                break;
        }
    }

    private void Report(CompilationAnalysisContext context)
    {
        if (_owners.IsEmpty)
        {
            return;
        }

        foreach (var dropped in _dropped)
        {
            if (OwnerOf(dropped.Source, MaxFactoryDepth, new HashSet<ISymbol>(SymbolEqualityComparer.Default)) is not { } owner)
            {
                continue;
            }

            var registration = _owners[owner];
            var api = dropped.IsCreation ? "new " + owner.Name : $"{dropped.Source.ContainingType?.Name}.{dropped.Source.Name}";
            context.ReportDiagnostic(Diagnostic.Create(
                UndisposedListenerRegistrationAnalyzer.DroppedOwnerRule,
                dropped.Location,
                ImmutableDictionary<string, string?>.Empty
                    .Add(UndisposedListenerRegistrationAnalyzer.StorageProperty, nameof(StorageKind.Dropped))
                    .Add(UndisposedListenerRegistrationAnalyzer.ResourceProperty,
                        (dropped.IsCreation ? RegistrationResource.Creation : RegistrationResource.Result).ToString()),
                api,
                $"gives a '{owner.Name}' whose '{registration.Api}' {registration.Reason}, which the '{owner.Name}' does only when it is released",
                "dropped here"));
        }
    }

    /// <summary>The owner type a created type is, or a factory returns (through other factories, up to a bound).</summary>
    private INamedTypeSymbol? OwnerOf(ISymbol source, int depth, HashSet<ISymbol> seen)
    {
        if (!seen.Add(source))
        {
            return null;
        }

        if (source is INamedTypeSymbol type)
        {
            return _owners.ContainsKey(type) ? type : null;
        }

        if (depth == 0 || source is not IMethodSymbol method || !_returned.TryGetValue(method, out var returned))
        {
            return null;
        }

        return returned.Select(r => OwnerOf(r, depth - 1, seen)).FirstOrDefault(o => o is not null);
    }
}

/// <summary>A value an expression statement or a discard throws away: what made it, and where.</summary>
internal readonly record struct DroppedValue(ISymbol Source, Location Location, bool IsCreation);
