using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// KPL3002 for threads that end when their object is released, started on the object a static default holds
/// (<see cref="StaticDefaults"/>): reported at the compilation's end unless some code of the compilation calls a release
/// method (<c>Dispose</c>, <c>Close</c>, <c>Stop</c>…) on a static of that type — the library's own shutdown, or the
/// module's Unloading handler disposing the default.
/// </summary>
internal sealed class StaticDefaultThreads
{
    private static readonly ImmutableHashSet<string> ReleaseNames =
        ImmutableHashSet.Create("Dispose", "DisposeAsync", "Close", "CloseAsync", "Stop", "StopAsync", "Shutdown", "ShutdownAsync");

    private readonly ConcurrentDictionary<ITypeSymbol, byte> _released = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(INamedTypeSymbol Type, Location Location, string Kind, ISymbol Default)> _threads = new();

    public void Add(INamedTypeSymbol type, Location location, string kind, ISymbol staticDefault)
        => _threads.Add((type, location, kind, staticDefault));

    public void OnRelease(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ReleaseNames.Contains(invocation.TargetMethod.Name))
        {
            return;
        }

        var heldType = OperationWalk.Innermost(invocation.Instance) switch
        {
            IFieldReferenceOperation { Field: { IsStatic: true } field } => field.Type,
            IPropertyReferenceOperation { Property: { IsStatic: true } property } => property.Type,
            _ => null,
        };
        if (heldType is not null)
        {
            _released.TryAdd(heldType.OriginalDefinition, 0);
        }
    }

    public void ReportUnreleased(CompilationAnalysisContext context)
    {
        foreach (var (type, location, kind, staticDefault) in _threads)
        {
            if (!_released.ContainsKey(type.OriginalDefinition))
            {
                context.ReportDiagnostic(Diagnostic.Create(UnreleasedResourceRules.StaticDefaultThreadRule, location, kind, UserMemberNames.Of(staticDefault)));
            }
        }
    }
}
