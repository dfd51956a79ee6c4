using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Koupleless.Analyzers.CodeFixes.Rules.UnreleasedResources;

/// <summary>
/// Turns <c>var h = GCHandle.Alloc(x); A; B; h.Free();</c> into <c>var h = GCHandle.Alloc(x); try { A; B; } finally { h.Free(); }</c>,
/// so an exception or an early exit between the two no longer leaks the handle. Applies only to the simple shape: the
/// local is declared in a block, freed by exactly one <c>h.Free();</c> statement later in that same block and nowhere
/// else, and nothing declared in between is used after the Free (it would go out of scope inside the try).
/// </summary>
internal static class FreeInFinally
{
    public static bool CanApply(SyntaxNode allocation) => Shape(allocation) is not null;

    /// <summary>The root with the try/finally in place, or null when the shape does not fit.</summary>
    public static SyntaxNode? Apply(SyntaxNode root, SyntaxNode allocation)
    {
        if (Shape(allocation) is not { } shape)
        {
            return null;
        }

        var (block, declarationIndex, freeIndex) = shape;
        var statements = block.Statements;
        var moved = statements.Skip(declarationIndex + 1).Take(freeIndex - declarationIndex - 1);
        var free = statements[freeIndex];
        var tryStatement = SyntaxFactory.TryStatement(
                SyntaxFactory.Block(moved),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(free)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var rewritten = statements.Take(declarationIndex + 1)
            .Append(tryStatement)
            .Concat(statements.Skip(freeIndex + 1));
        return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(rewritten)));
    }

    private static (BlockSyntax Block, int DeclarationIndex, int FreeIndex)? Shape(SyntaxNode allocation)
    {
        var value = allocation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            value = value.Parent;
        }

        if (value.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
            || declaration.Parent is not BlockSyntax block
            || declaration.UsingKeyword != default)
        {
            return null;
        }

        var name = declarator.Identifier.ValueText;
        var body = block.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) ?? block;
        var frees = body.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => IsFreeOf(i, name)).ToList();
        if (frees.Count != 1 || frees[0].Parent is not ExpressionStatementSyntax freeStatement || freeStatement.Parent != block)
        {
            return null;
        }

        var declarationIndex = block.Statements.IndexOf(declaration);
        var freeIndex = block.Statements.IndexOf(freeStatement);
        if (freeIndex <= declarationIndex)
        {
            return null;
        }

        var between = block.Statements.Skip(declarationIndex + 1).Take(freeIndex - declarationIndex - 1).ToList();
        var declaredBetween = new HashSet<string>(between.SelectMany(DeclaredNames));
        var usedAfter = block.Statements.Skip(freeIndex + 1)
            .SelectMany(s => s.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            .Any(identifier => declaredBetween.Contains(identifier.Identifier.ValueText));
        var jumps = between.Any(s => s is LabeledStatementSyntax);
        return usedAfter || jumps ? null : (block, declarationIndex, freeIndex);
    }

    private static bool IsFreeOf(InvocationExpressionSyntax invocation, string name)
        => invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Free", Expression: IdentifierNameSyntax target }
            && target.Identifier.ValueText == name
            || invocation.Expression is MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Free" };

    /// <summary>Every name a statement declares in its enclosing scope (locals, out vars, pattern variables, local functions).</summary>
    private static IEnumerable<string> DeclaredNames(StatementSyntax statement)
    {
        foreach (var node in statement.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator:
                    yield return declarator.Identifier.ValueText;
                    break;
                case SingleVariableDesignationSyntax designation:
                    yield return designation.Identifier.ValueText;
                    break;
                case LocalFunctionStatementSyntax function:
                    yield return function.Identifier.ValueText;
                    break;
            }
        }
    }
}
