using System.Collections.Concurrent;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.StaticState;

/// <summary>
/// How this compilation's own code uses its static fields and properties once the types are initialised: which it
/// reads, and which it assigns (<see cref="IsAssigned"/>, for <see cref="NamedConstantSets"/>). A visible static that nothing reads afterwards (PdfSharp's unused <c>PdfSharpEvent</c> IDs, AngleSharp's
/// <c>Punycode.Symbols</c>, a parser only another initialiser combines) changes nothing the library does when a module
/// assigns it: no setting, hook or table of the library is shared through it (measured on released packages,
/// docs/rules/KPL1001.md). Reads in the initialisers of the member's own type run before any module can assign it and
/// do not count, nor does a discard (<c>_ = Verbose;</c>); a read inside a lambda there runs later and does.
/// </summary>
internal sealed class StaticMemberUses
{
    private readonly ConcurrentDictionary<ISymbol, byte> _read = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, byte> _assigned = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, byte> _readOtherThanCompared = new(SymbolEqualityComparer.Default);
    private readonly IAssemblySymbol _assembly;

    private StaticMemberUses(IAssemblySymbol assembly) => _assembly = assembly;

    public static StaticMemberUses Register(CompilationStartAnalysisContext context)
    {
        var reads = new StaticMemberUses(context.Compilation.Assembly);
        context.RegisterOperationAction(reads.Collect, OperationKind.FieldReference, OperationKind.PropertyReference);
        return reads;
    }

    /// <summary>Whether code of this compilation reads the member after type initialisation.</summary>
    public bool IsRead(ISymbol member) => _read.ContainsKey(member.OriginalDefinition);

    /// <summary>Whether code of this compilation assigns the member after type initialisation (or passes it by reference).</summary>
    public bool IsAssigned(ISymbol member) => _assigned.ContainsKey(member.OriginalDefinition);

    /// <summary>
    /// Whether code of this compilation reads the string field other than to compare what it receives with it
    /// (<see cref="StringComparisons.IsCompared"/>): to show it, format with it, hand it on.
    /// </summary>
    public bool IsReadOtherThanCompared(ISymbol member) => _readOtherThanCompared.ContainsKey(member.OriginalDefinition);

    private void Collect(OperationAnalysisContext context)
    {
        var member = context.Operation switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (member is not { IsStatic: true } || !SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly)
            || IsTypeInitialization(context.Operation, context.ContainingSymbol, member))
        {
            return;
        }

        var assignedOnly = context.Operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == context.Operation;
        if (assignedOnly || IsChangedInPlace(context.Operation))
        {
            _assigned.TryAdd(member.OriginalDefinition, 0);
        }

        if (!assignedOnly && !IsDiscarded(context.Operation))
        {
            _read.TryAdd(member.OriginalDefinition, 0);
            if (member is IFieldSymbol { Type.SpecialType: SpecialType.System_String } && !StringComparisons.IsCompared(context.Operation))
            {
                _readOtherThanCompared.TryAdd(member.OriginalDefinition, 0);
            }
        }
    }

    /// <summary>
    /// <c>_ = Verbose;</c>: the value goes nowhere (what decompiled code shows of a debug-only use: NetTopologySuite's
    /// <c>BufferResultValidator.Verbose</c>, measured noise).
    /// </summary>
    private static bool IsDiscarded(IOperation reference)
        => reference.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } assignment && assignment.Value == reference;

    /// <summary><c>Count++</c>, <c>Count += 2</c>, <c>Interlocked.Increment(ref Count)</c>: read and written at once.</summary>
    private static bool IsChangedInPlace(IOperation reference) => reference.Parent switch
    {
        ICompoundAssignmentOperation compound => compound.Target == reference,
        IIncrementOrDecrementOperation increment => increment.Target == reference,
        ICoalesceAssignmentOperation coalesce => coalesce.Target == reference,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        _ => false,
    };

    /// <summary>A read in a static initialiser or static constructor of the member's own type, outside any lambda.</summary>
    private static bool IsTypeInitialization(IOperation reference, ISymbol containing, ISymbol member)
    {
        var initializesOwnType = containing switch
        {
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } constructor => SymbolEqualityComparer.Default.Equals(constructor.ContainingType, member.ContainingType),
            IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } => SymbolEqualityComparer.Default.Equals(containing.ContainingType, member.ContainingType),
            _ => false,
        };
        return initializesOwnType && !NestedFunctions.IsInNestedFunction(reference);
    }
}
