using System.Threading;
using System.Threading.Tasks;
using Koupleless.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace Koupleless.Analyzers.CodeFixes.Rules.StaticState;

/// <summary>
/// How a static field or auto-property is used across the solution: whether it is written outside its type's
/// static constructor (then it cannot become readonly), written inside it (then a per-context holder would only
/// initialise the first context's slot), or passed by reference (a property cannot be).
/// </summary>
internal sealed class StaticStorageUses
{
    public bool WrittenOutsideTypeInitialization { get; private set; }

    public bool WrittenInTypeInitialization { get; private set; }

    public bool UsedByReference { get; private set; }

    public static async Task<StaticStorageUses> FindAsync(ISymbol storage, Solution solution, CancellationToken cancellationToken)
    {
        var uses = new StaticStorageUses();
        var references = await SymbolFinder.FindReferencesAsync(storage, solution, cancellationToken).ConfigureAwait(false);
        foreach (var referenced in references)
        {
            foreach (var location in referenced.Locations)
            {
                if (location.IsImplicit || !location.Location.IsInSource)
                {
                    continue;
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null)
                {
                    continue;
                }

                uses.Classify(root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true), model, storage, cancellationToken);
            }
        }

        return uses;
    }

    private void Classify(SyntaxNode node, SemanticModel model, ISymbol storage, CancellationToken cancellationToken)
    {
        var expression = node;
        if (expression.Parent is MemberAccessExpressionSyntax access && access.Name == expression)
        {
            expression = access;
        }

        switch (expression.Parent)
        {
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
            case RefExpressionSyntax:
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression }:
                UsedByReference = true;
                return;
        }

        if (model.GetOperation(expression, cancellationToken) is not { } operation || !ValueAccess.Of(operation).HasFlag(ValueAccess.Kind.Write))
        {
            return;
        }

        if (model.GetEnclosingSymbol(expression.SpanStart, cancellationToken) is IMethodSymbol { MethodKind: MethodKind.StaticConstructor } constructor
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, storage.ContainingType))
        {
            WrittenInTypeInitialization = true;
        }
        else
        {
            WrittenOutsideTypeInitialization = true;
        }
    }
}
