using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.UnreleasedResources;

/// <summary>
/// Loops that end only when their object is released: no condition (or constant true), no cancellation token, and every
/// way out — return, break, goto, throw — sits under an <c>if</c> that reads a <c>bool</c> field of the object
/// (<c>if (_disposed) return;</c>). Whether that field is set only by the release path is the caller's question; when it
/// is, the thread runs for exactly as long as the object is not disposed (Pipelines.Sockets.Unofficial's worker loop).
/// </summary>
internal static class ReleaseEndedLoops
{
    public static (ILoopOperation Loop, ImmutableArray<IFieldSymbol> Flags)? FirstIn(IOperation body, INamedTypeSymbol? cancellationToken, INamedTypeSymbol owner)
    {
        foreach (var loop in OperationWalk.OwnDescendants(body).OfType<ILoopOperation>())
        {
            if (FlagsEnding(loop, cancellationToken, owner) is { IsDefaultOrEmpty: false } flags)
            {
                return (loop, flags);
            }
        }

        return null;
    }

    /// <summary>The flags whose every way out of <paramref name="loop"/> waits on, or default when it is not such a loop.</summary>
    public static ImmutableArray<IFieldSymbol> FlagsEnding(ILoopOperation loop, INamedTypeSymbol? cancellationToken, INamedTypeSymbol owner)
    {
        if (!EndlessLoops.LoopsForever(loop))
        {
            return default;
        }

        var flags = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in loop.Descendants())
        {
            if (EndlessLoops.ObservesToken(operation, cancellationToken))
            {
                return default;
            }

            if (!EndlessLoops.LeavesLoop(operation, loop))
            {
                continue;
            }

            if (GuardFlag(operation, loop, owner) is not { } flag)
            {
                return default; // a way out that does not wait for the release
            }

            flags.Add(flag);
        }

        return flags.ToImmutableArray();
    }

    /// <summary>The bool field of <paramref name="owner"/> read by the condition of an <c>if</c> between the exit and the loop.</summary>
    private static IFieldSymbol? GuardFlag(IOperation exit, ILoopOperation loop, INamedTypeSymbol owner)
    {
        for (var current = exit.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is IConditionalOperation { Condition: var condition }
                && condition.DescendantsAndSelf().OfType<IFieldReferenceOperation>().FirstOrDefault(f => IsOwnFlag(f, owner)) is { } read)
            {
                return read.Field.OriginalDefinition;
            }
        }

        return null;
    }

    private static bool IsOwnFlag(IFieldReferenceOperation reference, INamedTypeSymbol owner)
        => reference.Field is { IsStatic: false, Type.SpecialType: SpecialType.System_Boolean } field
            && reference.Instance is IInstanceReferenceOperation
            && SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, owner.OriginalDefinition);
}
