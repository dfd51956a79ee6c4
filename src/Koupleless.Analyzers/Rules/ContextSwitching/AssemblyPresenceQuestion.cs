using System.Linq;
using Koupleless.Analyzers.Internals;
using Koupleless.Analyzers.Rules.UnreleasedResources;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Koupleless.Analyzers.Rules.ContextSwitching;

/// <summary>
/// <c>AppDomain.GetAssemblies()</c> asked only whether some assembly is there: the list goes straight into LINQ calls
/// (<c>Where</c>, <c>Select</c>) that end in <c>Any</c>, <c>All</c> or <c>Contains</c>, or into <c>Array.Exists</c>, and
/// their lambdas (or the methods named as predicates) only read; or into a helper of the same compilation whose every use
/// of it does that. The answer is a bool; no assembly, type or name is taken from the list, so no module's copy can be
/// used in place of another's (the hazard KPL2004 reports). Measured noise on released packages in both roles:
/// ApprovalTests asks <c>GetAssemblies().Any(a =&gt; a.FullName.StartsWith("xunit"))</c> to know whether it runs under
/// xUnit (held-out set 18), Akka.Hosting asks <c>DetectMaui(GetAssemblies())</c> (set 24).
/// </summary>
internal static class AssemblyPresenceQuestion
{
    /// <summary>How many helpers deep the list is followed.</summary>
    private const int HelperDepth = 2;

    public static bool IsOnlyAsked(IInvocationOperation getAssemblies)
        => getAssemblies.SemanticModel is { } model && IsOnlyAsked(getAssemblies, model.Compilation, HelperDepth);

    private static bool IsOnlyAsked(IOperation list, Compilation compilation, int helperDepth)
    {
        var current = list;
        while (Outer(current).Parent is IArgumentOperation { Parent: IInvocationOperation call } argument)
        {
            if (!IsChainStep(call.TargetMethod) || Outer(call.Arguments[0].Value) != Outer(current))
            {
                // `DetectMaui(AppDomain.CurrentDomain.GetAssemblies())`: a helper of this compilation that only asks.
                return helperDepth > 0 && argument.Parameter is { } parameter && HelperOnlyAsks(call.TargetMethod, parameter, compilation, helperDepth - 1);
            }

            if (!PredicatesOnlyRead(call, compilation))
            {
                return false;
            }

            if (IsQuestion(call.TargetMethod))
            {
                return true;
            }

            if (!OwnTypeScanFilter.IsLinq(call.TargetMethod) || call.TargetMethod.Name is not ("Where" or "Select" or "OfType" or "Cast"))
            {
                return false;
            }

            current = call;
        }

        return false;
    }

    /// <summary>A non-virtual method of this compilation whose every use of the parameter only asks.</summary>
    private static bool HelperOnlyAsks(IMethodSymbol helper, IParameterSymbol parameter, Compilation compilation, int helperDepth)
    {
        if (helper.IsVirtual || helper.IsAbstract || helper.IsOverride || parameter.RefKind != RefKind.None
            || BodyOf(helper, compilation) is not { } body)
        {
            return false;
        }

        var uses = body.Descendants().OfType<IParameterReferenceOperation>()
            .Where(r => SymbolEqualityComparer.Default.Equals(r.Parameter.OriginalDefinition, parameter.OriginalDefinition)).ToList();
        return uses.Count > 0 && uses.All(use => IsOnlyAsked(use, compilation, helperDepth));
    }

    /// <summary>The body of a method declared once in this compilation's source; null for any other.</summary>
    private static IOperation? BodyOf(IMethodSymbol method, Compilation compilation)
    {
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly) || method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        return compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax);
    }

    private static IOperation Outer(IOperation operation) => OperationWalk.Outermost(operation);

    /// <summary>A LINQ call or <c>Array.Exists</c>, whose first argument is the list it works on.</summary>
    private static bool IsChainStep(IMethodSymbol method) => OwnTypeScanFilter.IsLinq(method) || IsArrayExists(method);

    private static bool IsArrayExists(IMethodSymbol method) => method.Name == "Exists" && method.ContainingType.SpecialType == SpecialType.System_Array;

    private static bool IsQuestion(IMethodSymbol method)
        => (OwnTypeScanFilter.IsLinq(method) && method.Name is "Any" or "All" or "Contains") || IsArrayExists(method);

    /// <summary>
    /// Each predicate — a lambda, or a method of this compilation named as one (<c>Any(IsMauiAssembly)</c>) — neither
    /// assigns nor calls something that returns nothing: it asks, it does not collect what it sees.
    /// </summary>
    private static bool PredicatesOnlyRead(IInvocationOperation call, Compilation compilation)
        => call.Arguments.Skip(1).Select(a => OperationWalk.Innermost(a.Value)).OfType<IDelegateCreationOperation>().All(creation => creation.Target switch
        {
            IAnonymousFunctionOperation lambda => OnlyReads(lambda.Body),
            IMethodReferenceOperation { Method: var method } => BodyOf(method, compilation) is { } body && OnlyReads(body),
            _ => false,
        });

    private static bool OnlyReads(IOperation body)
        => !body.DescendantsAndSelf().Any(o => o is IAssignmentOperation or IIncrementOrDecrementOperation
            || (o is IInvocationOperation { TargetMethod.ReturnsVoid: true }));
}
